import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, type ApiError } from '../api/client';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthProvider';
import { Refusal, useFormState, type FieldErrors } from '../forms/useFormState';
import { Alert, Button, FormField, Heading, Link, Paragraph, StatusMessage, TextInput } from '../ui';
import { checkEmail } from './news';
import './news.css';

/** A subscription the signed-in resident made (GET /news/subscriptions/mine); withdrawToken is what its messages'
 * withdraw link carries, so the list can withdraw it too. */
interface MySubscription {
  district: string;
  address: string;
  confirmed: boolean;
  since: string;
  withdrawToken: string;
}

/** "Blijf op de hoogte": leave an e-mail address for the wijk's news. No account needed; the API sends a message with
 * a link to confirm, and answers the same whether the address was known or not. */
export function NewsForm({ districtCode, districtName }: { districtCode: string; districtName: string }) {
  const { t, i18n } = useTranslation();
  const form = useFormState<'email'>();
  const [email, setEmail] = useState('');
  const { user, ready } = useAuth();
  // Signed in, a resident sees the subscriptions they made signed in (addresses partly hidden, as the API gives them).
  const mine = useApi<MySubscription[]>(ready && user ? '/news/subscriptions/mine' : null);
  const here = (mine.data ?? []).filter((s) => s.district === districtCode);
  const [withdrawn, setWithdrawn] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = checkEmail(email);
    const found: FieldErrors<'email'> = {};
    if (problem) found.email = t(`news.form.${problem}`);
    if (!form.check(found)) return;
    void form.run(
      () => api(`/wijken/${districtCode}/news-subscriptions`, { method: 'POST', json: { email: email.trim(), language: i18n.language === 'en' ? 'en' : 'nl' } }),
      () => {
        setEmail('');
        if (user) mine.reload();
        return t('news.form.sent', { wijk: districtName });
      },
      (refusal) => (refusal.code === 'news-address-invalid' ? 'email' : null),
    );
  };

  return (
    <section aria-labelledby="news-form-title" className="news-form">
      <Heading level={2} id="news-form-title">{t('news.form.title')}</Heading>
      <Paragraph>{t('news.form.intro', { wijk: districtName })}</Paragraph>
      {here.length > 0 && (
        <ul className="utrecht-unordered-list" aria-label={t('news.mine.label')}>
          {here.map((s) => (
            <li key={s.address} className="utrecht-unordered-list__item">
              {t(s.confirmed ? 'news.mine.confirmed' : 'news.mine.waiting', { address: s.address, wijk: districtName })}
              <WithdrawButton subscription={s} onWithdrawn={(address) => { setWithdrawn(address); mine.reload(); }} />
            </li>
          ))}
        </ul>
      )}
      {/* Only for a signed-in resident, who has a list: an anonymous visitor's section keeps the form's one status. */}
      {user && <StatusMessage>{withdrawn ? t('newsMineWithdraw.done', { address: withdrawn }) : null}</StatusMessage>}
      <form ref={form.ref} onSubmit={submit} noValidate className="stack" aria-labelledby="news-form-title">
        <FormField label={t('news.form.label')} description={t('news.form.description')} error={form.errors.email}>
          {({ id, describedBy, invalid }) => (
            <TextInput
              id={id}
              data-field="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              aria-describedby={describedBy}
              invalid={invalid}
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                form.clearErrors();
              }}
            />
          )}
        </FormField>
        <Refusal refusal={form.refusal} title={t('news.form.refused')} />
        <div><Button type="submit" busy={form.busy} disabled={form.busy}>{t('news.form.submit')}</Button></div>
        <StatusMessage>{form.saved}</StatusMessage>
      </form>
      <Paragraph><Link to="/privacy">{t('news.form.privacy')}</Link></Paragraph>
    </section>
  );
}

/** Withdraws one subscription from the resident's own list, as the link in its messages would (POST /news/withdrawals):
 * the address is deleted at once. */
function WithdrawButton({ subscription, onWithdrawn }: { subscription: MySubscription; onWithdrawn: (address: string) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  async function withdraw() {
    setBusy(true);
    setFailure(null);
    try {
      await api('/news/withdrawals', { method: 'POST', json: { token: subscription.withdrawToken } });
      onWithdrawn(subscription.address);
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="news-form__withdraw">
      {failure && <Alert type="error" title={t('newsMineWithdraw.refused')}>{failure.detail || failure.title}</Alert>}
      <Button kind="secondary" busy={busy} disabled={busy} onClick={() => void withdraw()}>{t('newsMineWithdraw.button', { address: subscription.address })}</Button>
    </div>
  );
}
