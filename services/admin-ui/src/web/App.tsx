import { useEffect, useState } from 'preact/hooks';
import { apiKey, UNAUTHORIZED_EVENT } from './api/client.js';
import { ApiKeyForm } from './components/ApiKeyForm.js';
import { PresetPage } from './pages/PresetPage.js';
import { PresetsPage } from './pages/PresetsPage.js';
import { VideoPage } from './pages/VideoPage.js';
import { VideosPage } from './pages/VideosPage.js';
import { href, useRoute } from './router.js';

export function App() {
  const route = useRoute();
  const [keyOpen, setKeyOpen] = useState(false);
  const [keyPrompt, setKeyPrompt] = useState<string | undefined>(undefined);
  // Bumped when the key changes so every page loads again with it.
  const [keyVersion, setKeyVersion] = useState(0);
  useEffect(() => {
    const onUnauthorized = () => {
      setKeyPrompt(apiKey.get() ? 'The API refused this key (401). Enter a valid one.' : 'The API needs a key (401). Enter it once for this session.');
      setKeyOpen(true);
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const section = route.page === 'presets' || route.page === 'preset' ? 'presets' : 'videos';
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">DVT admin</span>
        <nav aria-label="Sections">
          <a href={href.videos()} aria-current={section === 'videos' ? 'page' : undefined}>
            Videos
          </a>
          <a href={href.presets()} aria-current={section === 'presets' ? 'page' : undefined}>
            Presets
          </a>
        </nav>
        <button type="button" class="key-button" aria-expanded={keyOpen} onClick={() => setKeyOpen(!keyOpen)}>
          {apiKey.get() ? 'API key: set' : 'API key: none'}
        </button>
      </header>
      {keyOpen ? (
        <div class="key-panel">
          <ApiKeyForm
            prompt={keyPrompt}
            onDone={() => {
              setKeyOpen(false);
              setKeyPrompt(undefined);
              setKeyVersion((v) => v + 1);
            }}
          />
        </div>
      ) : null}
      <main id="main" tabIndex={-1} key={`${keyVersion}`}>
        {route.page === 'videos' ? <VideosPage /> : null}
        {route.page === 'video' ? <VideoPage key={route.id} id={route.id} /> : null}
        {route.page === 'presets' ? <PresetsPage /> : null}
        {route.page === 'preset' ? <PresetPage key={route.id} id={route.id} /> : null}
        {route.page === 'not-found' ? (
          <section>
            <h1>Not found</h1>
            <p>
              Nothing at “{route.path}”. Go to <a href={href.videos()}>videos</a>.
            </p>
          </section>
        ) : null}
      </main>
    </>
  );
}
