import { useState } from 'preact/hooks';

/** Cursor pagination: a stack of the cursors that led to the current page. */
export function useCursorPager() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor: string) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}

interface PagerProps {
  page: number;
  nextCursor: string | null;
  onNext(cursor: string): void;
  onPrevious(): void;
}

export function Pager({ page, nextCursor, onNext, onPrevious }: PagerProps) {
  if (page === 1 && !nextCursor) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page === 1} onClick={onPrevious}>
        ← Previous
      </button>
      <span>Page {page}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
        Next →
      </button>
    </nav>
  );
}
