import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, ApiError, toApiError } from '../api/client';
import { Loading } from '../app/Loading';
import { usePageTitle } from '../frontDoor/pageTitle';
import { Alert, Heading, Link, Paragraph } from '../ui';
import { tokenOf } from './news';

type Purpose = 'confirm' | 'withdraw';

/** Where the links in news messages land: confirming an address, or withdrawing it. The page does what the link says
 * as soon as it opens (one click from the message), with the token in the request body, never again in an address. A
 * mail program that only fetches the page to check it runs no script, so it confirms or withdraws nothing. */
export function NewsLinkPage({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  const [done, setDone] = useState<{ district?: string; alreadyGone?: boolean } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const sent = useRef(false);
  usePageTitle(t(`news.${purpose}.title`));

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const token = tokenOf(search);
    if (!token) {
      setFailure(new ApiError(0, 'news-link-missing', t('news.link.failed'), t('news.link.missing')));
      return;
    }

    // The token leaves the address bar (and so the history) once it is read.
    window.history.replaceState(null, '', window.location.pathname);
    const path = purpose === 'confirm' ? '/news/confirmations' : '/news/withdrawals';
    api<{ district?: string; alreadyGone?: boolean }>(path, { method: 'POST', json: { token } })
      .then(setDone)
      .catch((error: unknown) => setFailure(toApiError(error)));
  }, [purpose, search, t]);

  return (
    <>
      <Heading level={1}>{t(`news.${purpose}.title`)}</Heading>
      {!done && !failure && <Loading />}
      {done && (
        <Alert type="ok" title={t(`news.${purpose}.doneTitle`)}>
          <Paragraph>{purpose === 'withdraw' && done.alreadyGone ? t('news.withdraw.alreadyGone') : t(`news.${purpose}.done`)}</Paragraph>
        </Alert>
      )}
      {failure && (
        <Alert type="error" title={t('news.link.failed')}>
          <Paragraph>{failure.detail || failure.title}</Paragraph>
        </Alert>
      )}
      <Paragraph><Link to="/">{t('news.link.home')}</Link></Paragraph>
    </>
  );
}
