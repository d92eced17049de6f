import { NavLink as RouterNavLink, Outlet, type NavLinkProps } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';
import { Button, Link } from '../ui';

/** A menu link that tells assistive technology which page is current (aria-current="page"). */
function NavLink(props: NavLinkProps) {
  return <RouterNavLink className="utrecht-link" {...props} />;
}

/** Every page: skip link, header with the language switch and sign-in, the main landmark, footer. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, me, ready, signIn, signOut } = useAuth();
  const other = i18n.language === 'en' ? 'nl' : 'en';

  return (
    <div className="utrecht-document utrecht-root voorbeeld-theme">
      <a className="utrecht-skip-link" href="#main">{t('app.skipToContent')}</a>
      <div className="utrecht-page">
        <header className="utrecht-page-header site-header">
          <Link to="/" className="site-name">{t('app.name')}</Link>
          <nav className="site-actions" aria-label={t('app.language')}>
            <Button kind="subtle" lang={other} aria-label={t('app.switchLanguageLabel')} onClick={() => void i18n.changeLanguage(other)}>
              {t('app.switchLanguage')}
            </Button>
            {ready && (user ? (
              <>
                {me && <span className="signed-in-as">{t('app.signedInAs', { role: t(`roles.${me.role}`) })}</span>}
                <Button kind="secondary" onClick={() => void signOut()}>{t('app.signOut')}</Button>
              </>
            ) : (
              <Button kind="secondary" onClick={() => void signIn()}>{t('app.signIn')}</Button>
            ))}
          </nav>
        </header>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            <li><NavLink to="/" end>{t('nav.rounds')}</NavLink></li>
            {(me?.role === 'coordinator' || me?.role === 'admin') && <li><NavLink to="/beheer">{t('nav.manage')}</NavLink></li>}
            {me?.role === 'auditor' && <li><NavLink to="/controle">{t('nav.audit')}</NavLink></li>}
            {!user && <li><NavLink to="/stemcode">{t('nav.voteWithCode')}</NavLink></li>}
          </ul>
        </nav>
        <main id="main" className="utrecht-page-content" tabIndex={-1}>
          <Outlet />
        </main>
        <footer className="utrecht-page-footer site-footer">
          <p className="utrecht-paragraph">{t('app.footer')}</p>
        </footer>
      </div>
    </div>
  );
}
