import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  label: string;
  /** Names the target for screen readers when the visible label is just `Delete`. */
  ariaLabel?: string;
  /** The question shown before acting, e.g. `Delete video abc?` */
  question: string;
  confirmLabel?: string;
  disabled?: boolean;
  onConfirm(): void | Promise<void>;
}

/** A destructive action that asks first, inline (keyboard friendly, no window.confirm). */
export function ConfirmButton({ label, ariaLabel, question, confirmLabel = 'Yes, delete', disabled, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="danger" aria-label={ariaLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button
        ref={yes}
        type="button"
        class="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
