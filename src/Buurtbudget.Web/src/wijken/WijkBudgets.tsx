import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Me, RoundSummary } from '../api/types';
import { useFormState } from '../forms/useFormState';
import { Button, FormField, Heading, Link, Paragraph, TextInput } from '../ui';
import { wijkCodeOf, wijkenOf } from './wijken';
import { paths } from '../app/paths';

/** On /beheer: the wijken whose budget the signed-in person may read, each a link to it: a coordinator's own wijken,
 * every wijk with a round for an admin, who can also open a wijk without rounds yet by its CBS code (to give it money
 * before its first round). */
export function WijkBudgets({ me, rounds }: { me: Me; rounds: RoundSummary[] }) {
  const { t } = useTranslation();
  const known = useMemo(() => wijkenOf(rounds), [rounds]);
  const admin = me.role === 'admin';
  const wijken = admin
    ? known
    : me.districts.map((code) => known.find((w) => w.code === code) ?? { code, name: code, municipalityName: '' });

  return (
    <section className="section" aria-labelledby="wijk-budgets">
      <Heading level={2} id="wijk-budgets">{t('wijkBudget.list.title')}</Heading>
      <Paragraph>{admin ? t('wijkBudget.list.introAdmin') : t('wijkBudget.list.intro')}</Paragraph>
      {wijken.length > 0 && (
        <ul className="utrecht-unordered-list">
          {wijken.map((wijk) => (
            <li key={wijk.code} className="utrecht-unordered-list__item">
              <Link to={paths.wijkBudget(wijk.code)}>{t('wijkBudget.link', { name: wijk.name })}</Link>
              {wijk.municipalityName && `, ${wijk.municipalityName}`}
            </li>
          ))}
        </ul>
      )}
      {admin && <OtherWijk />}
    </section>
  );
}

function OtherWijk() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useFormState<'code'>();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const canonical = wijkCodeOf(code);
    if (!form.check(canonical === null ? { code: t('wijkBudget.list.codeInvalid') } : {}) || canonical === null) return;
    navigate(paths.wijkBudget(canonical));
  };
  return (
    <form ref={form.ref} onSubmit={submit} noValidate className="stack" aria-label={t('wijkBudget.list.otherTitle')}>
      <FormField label={t('wijkBudget.list.code')} description={t('wijkBudget.list.codeHelp')} error={form.errors.code}>
        {({ id, describedBy, invalid }) => <TextInput id={id} data-field="code" aria-describedby={describedBy} invalid={invalid} autoComplete="off" size={10} value={code} onChange={(e) => setCode(e.target.value)} />}
      </FormField>
      <div><Button type="submit" kind="secondary">{t('wijkBudget.list.open')}</Button></div>
    </form>
  );
}
