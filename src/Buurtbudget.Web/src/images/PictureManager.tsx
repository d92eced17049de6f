import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, toApiError, type ApiError } from '../api/client';
import type { Proposal } from '../api/types';
import { Alert, Button, ButtonGroup, FormField, Heading, Paragraph, StatusMessage, TextInput } from '../ui';
import { checkAltText, checkPicture, megabytes, pictureLimits, pictureUrl, shownPictures } from './pictures';
import './images.css';

/** The address fragment that opens the edit page at its pictures (the link after a proposal is submitted). */
export const PICTURES_ANCHOR = 'fotos';

/** The author's pictures on the edit page: each shown one with a button to remove it, and a form to add one (up to
 * three) with a description for people who cannot see it. The file's type and size are checked before it is sent. */
export function PictureManager({ roundId, proposal: initial }: { roundId: string; proposal: Proposal }) {
  const { t, i18n } = useTranslation();
  // Its own copy of the proposal: the pictures change apart from the text, which the page's form may be editing.
  const [proposal, onChanged] = useState(initial);
  const shown = shownPictures(proposal);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [altText, setAltText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [altError, setAltError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const altId = useId();
  const { hash } = useLocation();

  // Opened from the link after submitting: focus goes to the pictures, below the form, and their heading to the top of
  // the view. The map above them may still be loading and push them down, so the heading is kept at the top while the
  // page settles, until the person scrolls, types or moves focus.
  useEffect(() => {
    const heading = hash === `#${PICTURES_ANCHOR}` ? document.getElementById('picture-manager-heading') : null;
    if (!heading) return;
    heading.focus({ preventScroll: true });
    const toTop = () => heading.scrollIntoView({ block: 'start' });
    toTop();
    const settling = new ResizeObserver(() => { if (document.activeElement === heading) toTop(); });
    settling.observe(document.body);
    const settled = () => settling.disconnect();
    const events = ['wheel', 'touchstart', 'keydown'] as const;
    events.forEach((name) => window.addEventListener(name, settled, { once: true }));
    const timer = window.setTimeout(settled, 3000);
    return () => {
      settled();
      window.clearTimeout(timer);
      events.forEach((name) => window.removeEventListener(name, settled));
    };
  }, [hash]);

  useEffect(() => () => { if (preview) URL.revokeObjectURL(preview); }, [preview]);

  function choose(chosen: File | null) {
    setDone(null);
    setFailure(null);
    setFile(null);
    setPreview(null);
    if (!chosen) { setFileError(null); return; }
    const problem = checkPicture(chosen);
    if (problem === 'type') setFileError(t('proposalImages.errorType', { name: chosen.name }));
    else if (problem === 'size') setFileError(t('proposalImages.errorSize', { size: megabytes(chosen.size, i18n.language), max: 10 }));
    else if (problem === 'empty') setFileError(t('proposalImages.errorEmpty'));
    else {
      setFileError(null);
      setFile(chosen);
      setPreview(URL.createObjectURL(chosen));
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    setFailure(null);
    const altProblem = checkAltText(altText);
    const missingFile = !file && !fileError ? t('proposalImages.errorNoFile') : fileError;
    setFileError(missingFile);
    setAltError(altProblem === 'short' ? t('proposalImages.errorAltShort', { min: pictureLimits.altMin }) : altProblem === 'long' ? t('proposalImages.errorAltLong', { max: pictureLimits.altMax }) : null);
    if (!file || altProblem) {
      document.getElementById(missingFile ? fileId : altId)?.focus();
      return;
    }

    const form = new FormData();
    form.append('file', file);
    form.append('altText', altText.trim());
    setBusy(true);
    try {
      const next = await api<Proposal>(`/rounds/${roundId}/proposals/${proposal.id}/images`, { method: 'POST', body: form });
      onChanged(next);
      setFile(null);
      setPreview(null);
      setAltText('');
      if (fileRef.current) fileRef.current.value = '';
      setDone(t('proposalImages.added'));
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setBusy(false);
    }
  }

  async function remove(hash: string) {
    setDone(null);
    setFailure(null);
    try {
      onChanged(await api<Proposal>(`/rounds/${roundId}/proposals/${proposal.id}/images/${hash}`, { method: 'DELETE' }));
      setDone(t('proposalImages.removed'));
    } catch (error) {
      setFailure(toApiError(error));
    }
  }

  return (
    <section className="picture-manager" id={PICTURES_ANCHOR} aria-labelledby="picture-manager-heading">
      <Heading level={2} id="picture-manager-heading" tabIndex={-1} className="focus-target">{t('proposalImages.manageHeading')}</Heading>
      <Paragraph>{t('proposalImages.manageIntro', { max: pictureLimits.maxCount })}</Paragraph>
      <Paragraph>{t('proposalImages.privacy')}</Paragraph>
      {failure && <Alert type="error" title={failure.title || t('errors.title')}>{failure.detail || failure.message}</Alert>}
      <StatusMessage>{done}</StatusMessage>
      {shown.length > 0 && (
        <ul className="picture-manager__list">
          {shown.map((picture, index) => (
            <li key={picture.image} className="picture-manager__item">
              <img src={pictureUrl(roundId, proposal.id, picture.thumbnail)} alt={picture.altText} />
              <ButtonGroup>
                <Button kind="secondary" onClick={() => void remove(picture.image)}>{t('proposalImages.remove', { number: index + 1 })}</Button>
              </ButtonGroup>
            </li>
          ))}
        </ul>
      )}
      {shown.length >= pictureLimits.maxCount ? (
        <Paragraph>{t('proposalImages.full', { max: pictureLimits.maxCount })}</Paragraph>
      ) : (
        <form noValidate onSubmit={(event) => void add(event)} aria-labelledby="picture-add-heading">
          <Heading level={3} id="picture-add-heading">{t('proposalImages.addHeading')}</Heading>
          <FormField id={fileId} label={t('proposalImages.fileLabel')} description={t('proposalImages.fileHelp', { max: 10 })} error={fileError}>
            {({ id, describedBy, invalid }) => (
              <input ref={fileRef} id={id} type="file" className="picture-file" accept={pictureLimits.types.join(',')} aria-describedby={describedBy} aria-invalid={invalid || undefined}
                onChange={(e) => choose(e.target.files?.[0] ?? null)} />
            )}
          </FormField>
          {preview && (
            <div className="picture-preview">
              <Paragraph>{t('proposalImages.preview')}</Paragraph>
              <img src={preview} alt={altText.trim() || t('proposalImages.previewAlt')} />
            </div>
          )}
          <FormField id={altId} label={t('proposalImages.altLabel')} description={t('proposalImages.altHelp', { max: pictureLimits.altMax })} error={altError}>
            {({ id, describedBy, invalid }) => (
              <TextInput id={id} name="altText" aria-describedby={describedBy} invalid={invalid} required autoComplete="off" value={altText} onChange={(e) => setAltText(e.target.value)} />
            )}
          </FormField>
          <ButtonGroup>
            <Button type="submit" busy={busy} disabled={busy}>{busy ? t('proposalImages.sending') : t('proposalImages.add')}</Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}
