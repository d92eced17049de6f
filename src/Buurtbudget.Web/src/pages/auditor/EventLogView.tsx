import { useTranslation } from 'react-i18next';
import type { EventLog } from '../../api/types';
import { Button, Heading, Paragraph, StatusMessage, Table } from '../../ui';
import { formatDateTime, formatNumber } from '../../api/format';

export const EVENT_PAGE = 50;

/** Every event of the current page with its sequence, type, time and hash (shortened; the full hash, the previous hash
 * and the payload open on demand). Paging keeps the chain verdict, which the API computes over the whole log. */
export function EventLogView({ log, onFirst, onPrevious, onNext, canGoBack }: {
  log: EventLog;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  canGoBack: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const first = log.events[0]?.sequence;
  const last = log.events[log.events.length - 1]?.sequence;
  const hasMore = last !== undefined && last < log.lastSequence;

  return (
    <section className="section" aria-labelledby="log-heading">
      <Heading level={2} id="log-heading" tabIndex={-1}>{t('auditor.log.title')}</Heading>
      <Paragraph>{t('auditor.log.intro')}</Paragraph>
      <StatusMessage type="info">
        {first !== undefined && last !== undefined
          ? t('auditor.log.range', { first: formatNumber(first, lang), last: formatNumber(last, lang), total: formatNumber(log.lastSequence, lang) })
          : t('auditor.log.empty')}
      </StatusMessage>
      {log.events.length > 0 && (
        <Table caption={t('auditor.log.caption')}>
          <thead>
            <tr>
              <th scope="col" className="numeric">{t('auditor.log.sequence')}</th>
              <th scope="col">{t('auditor.log.type')}</th>
              <th scope="col">{t('auditor.log.at')}</th>
              <th scope="col">{t('auditor.log.hash')}</th>
              <th scope="col">{t('auditor.log.content')}</th>
            </tr>
          </thead>
          <tbody>
            {log.events.map((event) => (
              <tr key={event.sequence} id={`event-${event.sequence}`}>
                <td className="numeric">{event.sequence}</td>
                <th scope="row">
                  {t(`auditor.eventType.${event.type}`, { defaultValue: event.type })}
                  <br />
                  <code className="utrecht-code">{event.type}</code>
                </th>
                <td>{formatDateTime(event.at, lang, 'second')}</td>
                <td>
                  <details>
                    <summary>
                      <span className="hash">{event.hash.slice(0, 12)}…</span>
                      <span className="visually-hidden"> {t('auditor.log.fullHash', { sequence: event.sequence })}</span>
                    </summary>
                    <dl>
                      <dt>{t('auditor.log.hash')}</dt>
                      <dd className="hash">{event.hash}</dd>
                      <dt>{t('auditor.log.previousHash')}</dt>
                      <dd className="hash">{event.previousHash}</dd>
                    </dl>
                  </details>
                </td>
                <td>
                  <details>
                    <summary>{t('auditor.log.payload')}<span className="visually-hidden"> {t('auditor.log.ofEvent', { sequence: event.sequence })}</span></summary>
                    <pre className="code-block">{JSON.stringify(event.payload, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav className="pager" aria-label={t('auditor.log.pages')}>
        {canGoBack && <Button kind="secondary" onClick={onFirst}>{t('auditor.log.first')}</Button>}
        {canGoBack && <Button kind="secondary" onClick={onPrevious}>{t('auditor.log.previous')}</Button>}
        {hasMore && <Button kind="secondary" onClick={onNext}>{t('auditor.log.next', { count: EVENT_PAGE })}</Button>}
      </nav>
    </section>
  );
}
