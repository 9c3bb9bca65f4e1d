import { useEffect, useRef, useState } from 'preact/hooks';
import { apiKey } from '../api/client.js';

/** The API key, entered once and kept for this browser session (sessionStorage). */
export function ApiKeyForm({ onDone, prompt }: { onDone(): void; prompt?: string | undefined }) {
  const [value, setValue] = useState(apiKey.get());
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      class="api-key"
      onSubmit={(e) => {
        e.preventDefault();
        apiKey.set(value.trim());
        onDone();
      }}
    >
      {prompt ? (
        <p class="key-prompt" role="alert">
          {prompt}
        </p>
      ) : null}
      <label for="api-key-input">API key</label>
      <input ref={input} id="api-key-input" type="password" autoComplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      <button type="submit">Save key</button>
      {apiKey.get() ? (
        <button
          type="button"
          onClick={() => {
            apiKey.set('');
            setValue('');
            onDone();
          }}
        >
          Forget key
        </button>
      ) : null}
      <small class="hint">Sent as a bearer token to both APIs; kept only for this browser session.</small>
    </form>
  );
}
