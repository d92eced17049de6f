import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthProvider';
import { Refusal, useFormState, type FieldErrors } from '../forms/useFormState';
import { Button, FormField, Heading, Link, Paragraph, StatusMessage, TextInput } from '../ui';
import { checkEmail } from './news';
import './news.css';

/** A subscription the signed-in resident made (GET /news/subscriptions/mine). */
interface MySubscription {
  district: string;
  address: string;
  confirmed: boolean;
  since: string;
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
            </li>
          ))}
        </ul>
      )}
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
