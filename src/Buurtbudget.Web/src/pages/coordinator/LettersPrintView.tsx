import { useEffect, useMemo, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../api/format';
import { Button, Paragraph } from '../../ui';

/** The letters of an HTML batch (VotingCodeLetters on the API), each as the markup of one letter: the API writes
 * their words, this view only lays them out. A letter's h1 becomes an h3, under the view's own heading. */
export function lettersOf(html: string): string[] {
  // The letters' own style element is of no use here, and the browser would report it as refused by the page's
  // Content-Security-Policy even in a parsed document that is never shown.
  const letters = new DOMParser().parseFromString(html.replace(/<style[\s\S]*?<\/style>/gi, ''), 'text/html');
  return Array.from(letters.querySelectorAll('section.letter')).map((letter) => {
    for (const heading of Array.from(letter.querySelectorAll('h1'))) {
      const title = letters.createElement('h3');
      title.className = 'letter__title';
      title.innerHTML = heading.innerHTML;
      heading.replaceWith(title);
    }
    return letter.innerHTML;
  });
}

/** The voting-code letters as a print view inside the app: opened in a tab of its own, a blob inherits the app's
 * Content-Security-Policy, which blocks the letters' own style, so codes lost their box and letters their page breaks.
 * Here the app's stylesheet lays them out (coordinator.css): on screen a full-window preview over the page, which is
 * inert meanwhile; printed, one A4 per letter with nothing of the app around it. Escape or "Sluiten" closes it and
 * focus goes back to where it was. */
export function LettersPrintView({ html, onClose }: { html: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const letters = useMemo(() => lettersOf(html), [html]);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    document.body.classList.add('letters-printing');
    heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('letters-printing');
      app?.removeAttribute('inert');
      returnTo?.focus();
    };
  }, [onClose]);

  return createPortal(
    <div className="letters-print" role="dialog" aria-modal="true" aria-labelledby="letters-print-heading" lang="nl">
      <div className="letters-print__bar">
        <h2 className="utrecht-heading-2" id="letters-print-heading" ref={heading} tabIndex={-1}>{t('coordinator.letters.title')}</h2>
        <Paragraph>{t('coordinator.letters.count', { count: letters.length, formatted: formatNumber(letters.length, i18n.language) })}</Paragraph>
        <div className="utrecht-button-group">
          <Button onClick={() => window.print()}>{t('coordinator.letters.print')}</Button>
          <Button kind="secondary" onClick={onClose}>{t('coordinator.letters.close')}</Button>
        </div>
      </div>
      {letters.map((letter, index) => (
        // The API HTML-encodes every text from the round; the markup is its letter, not user input.
        <article key={index} className="letter" aria-label={t('coordinator.letters.letter', { number: index + 1 })} dangerouslySetInnerHTML={{ __html: letter }} />
      ))}
    </div>,
    document.body,
  );
}
