'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { startTransition, useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { THEME_STORAGE_KEY } from '../../components/theme-script';
import { useModalDialog } from '../../components/use-modal-dialog';
import { signOutAction } from '../../server/web/auth.actions';
import { useTRPC } from '../../trpc/react';
import { useCan, useSessionUser } from '../shell/session-context';
import { objectItems, paletteCommands, rankPalette, type PaletteItem } from './palette-items';
import './command-palette.css';

/** How long typing must pause before the server is asked for objects. */
const SEARCH_DEBOUNCE_MS = 150;
const OBJECT_LIMIT = 20;

const noSubscription = () => () => {};
/** Apple keyboards say ⌘ K; the server (and the first paint) say Ctrl K. */
function useAppleKeyboard(): boolean {
  return useSyncExternalStore(noSubscription, () => /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent), () => false);
}

/** The same switch as the theme toggle in the top bar: the choice is stored and wins over the system setting. */
function toggleTheme(): void {
  const root = document.documentElement;
  const chosen = root.getAttribute('data-theme');
  const current = chosen === 'dark' || chosen === 'light' ? chosen : window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const next = current === 'dark' ? 'light' : 'dark';
  root.setAttribute('data-theme', next);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** A label with the matched characters marked. */
function Highlighted({ text, indices }: { text: string; indices: readonly number[] }) {
  if (indices.length === 0) return <>{text}</>;
  const marked = new Set(indices);
  const parts: { text: string; mark: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const mark = marked.has(i);
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text.charAt(i);
    else parts.push({ text: text.charAt(i), mark });
  }
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

/**
 * The palette's contents, mounted while it is open (each opening starts empty): a combobox over a listbox
 * (ARIA combobox pattern, focus stays in the input and aria-activedescendant names the current option).
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/
 */
function PaletteBody({ onChoose }: { onChoose: (item: PaletteItem) => void }) {
  const trpc = useTRPC();
  const can = useCan();
  const user = useSessionUser();
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [activeId, setActiveId] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [query]);
  // Read once per opening: the palette lives in the shell, outside the page's Suspense boundaries.
  const [namespace] = useState(() => new URLSearchParams(window.location.search).get('namespace') || undefined);
  const commands = useMemo(
    () => paletteCommands({ namespace, canWrite: can.write, canManage: can.manage, localPassword: user.provider === 'local' }),
    [namespace, can.write, can.manage, user.provider],
  );
  const search = useQuery({
    ...trpc.search.objects.queryOptions({ q: debounced, limit: OBJECT_LIMIT }),
    enabled: debounced !== '',
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const typed = query.trim() !== '';
  const objects = useMemo(() => (typed && debounced !== '' ? objectItems(search.data?.items ?? []) : []), [typed, debounced, search.data]);
  const ranked = useMemo(() => rankPalette(query, commands, objects), [query, commands, objects]);
  const found = ranked.findIndex((r) => r.item.id === activeId);
  const active = found >= 0 ? found : ranked.length > 0 ? 0 : -1;
  const optionId = (i: number) => `${listId}-${i}`;

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (ranked.length === 0) return;
      const n = ranked.length;
      const next = e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n;
      setActiveId(ranked[next]?.item.id ?? null);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = ranked[active]?.item;
      if (item) onChoose(item);
    }
  };

  const searching = typed && (query.trim() !== debounced || search.isFetching);
  const status = !typed
    ? 'Pages and actions. Type to find objects by name too.'
    : search.isError
      ? `Objects could not be searched: ${errorMessageOf(search.error)}`
      : searching
        ? `${ranked.length} result${ranked.length === 1 ? '' : 's'}; searching objects…`
        : ranked.length === 0
          ? `No page, action or object matches “${query.trim()}”.`
          : `${ranked.length} result${ranked.length === 1 ? '' : 's'}${search.data?.truncated ? '; more objects match, type more of the name' : ''}.`;

  return (
    <>
      <div className="palette-field">
        <label htmlFor={inputId} className="visually-hidden">Search pages, actions and objects</label>
        <svg className="palette-icon" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></svg>
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded={ranked.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="Search pages, actions and objects…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActiveId(null);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id={listId} role="listbox" aria-label="Results" className="palette-list">
        {ranked.map((r, i) => (
          <li
            key={r.item.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`palette-option palette-${r.item.type}`}
            onClick={() => onChoose(r.item)}
            onMouseMove={() => {
              if (i !== active) setActiveId(r.item.id);
            }}
          >
            <span className="palette-tag">{r.item.tag}</span>{' '}
            <span className="palette-label"><Highlighted text={r.item.label} indices={r.highlight} /></span>
            {r.item.detail ? <>{' '}<span className="palette-detail">{r.item.detail}</span></> : null}
          </li>
        ))}
      </ul>
      <div className="palette-foot">
        <span role="status" className="palette-status">{status}</span>
        <span id={`${id}-hint`} className="palette-keys">↑ ↓ to move, Enter to open, Esc to close</span>
      </div>
    </>
  );
}

/**
 * The command palette (issue 12 §4): Ctrl-K / ⌘-K anywhere, or the Search button in the top bar, opens a modal
 * that jumps to any page, action or object by name. Mounted once, in the shell's top bar.
 */
export function CommandPalette() {
  const router = useRouter();
  const apple = useAppleKeyboard();
  const [open, setOpenState] = useState(false);
  // Mirrors `open` for event handlers (the dialog's close event must know whether it was a dismissal).
  const openRef = useRef(false);
  const opener = useRef<HTMLElement | null>(null);
  const [restore, setRestore] = useState(0);
  const setOpen = useCallback((value: boolean) => {
    openRef.current = value;
    setOpenState(value);
  }, []);
  const show = useCallback(() => {
    if (openRef.current) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, [setOpen]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'k' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      if (!e.repeat) show();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);

  const { ref } = useModalDialog(open);
  // After showModal (the effect above, in useModalDialog): the input takes the focus.
  useEffect(() => {
    if (open) ref.current?.querySelector('input')?.focus();
  }, [open, ref]);
  // A dismissal (Escape, a theme toggle) gives the focus back to where it was.
  useEffect(() => {
    if (restore === 0) return;
    const el = opener.current;
    if (el && el.isConnected) el.focus();
  }, [restore]);

  const dismiss = () => {
    setOpen(false);
    setRestore((n) => n + 1);
  };
  const choose = (item: PaletteItem) => {
    if (item.run === 'toggle-theme') {
      toggleTheme();
      dismiss();
    } else if (item.run === 'sign-out') {
      setOpen(false);
      startTransition(async () => {
        await signOutAction();
      });
    } else if (item.href) {
      setOpen(false);
      router.push(item.href);
    }
  };

  return (
    <>
      <button type="button" className="palette-button" onClick={show} aria-haspopup="dialog" aria-keyshortcuts="Control+K Meta+K">
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></svg>
        <span className="palette-button-text">Search…</span>
        <kbd className="palette-kbd">{apple ? '⌘ K' : 'Ctrl K'}</kbd>
      </button>
      <dialog
        ref={ref}
        className="palette"
        aria-label="Command palette"
        onClose={() => {
          if (openRef.current) dismiss();
        }}
      >
        {open ? <PaletteBody onChoose={choose} /> : null}
      </dialog>
    </>
  );
}
