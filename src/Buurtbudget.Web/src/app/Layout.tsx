import { useEffect, useRef } from 'react';
import { NavLink as RouterNavLink, Outlet, type NavLinkProps } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';
import { PageTitles } from '../frontDoor/pageTitle';
import { applyTokens } from '../frontDoor/theme';
import { Button, Link } from '../ui';

/** A menu link that tells assistive technology which page is current (aria-current="page"). */
function NavLink(props: NavLinkProps) {
  return <RouterNavLink className="utrecht-link" {...props} />;
}

/** Every page: skip link, header with the gemeente's name and logo, the language switch and sign-in, the main
 * landmark, and the footer with the privacy, accessibility and contact pages. The gemeente's theme tokens (from the
 * API's configuration) are set on the theme's root, over the NL Design System example theme. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, me, ready, municipality, signIn, signOut } = useAuth();
  const other = i18n.language === 'en' ? 'nl' : 'en';
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => (root.current ? applyTokens(root.current, municipality?.tokens) : undefined), [municipality]);

  return (
    <PageTitles>
      <div ref={root} className="utrecht-document utrecht-root voorbeeld-theme">
        <a className="utrecht-skip-link" href="#main">{t('app.skipToContent')}</a>
        <div className="site-brand" aria-hidden="true" />
        <div className="utrecht-page">
          <header className="utrecht-page-header site-header">
            <Link to="/" className="site-name">
              {municipality?.logo && <img className="site-logo" src={municipality.logo} alt={municipality.logoAlt ?? ''} />}
              <span className="site-name__product">{t('app.name')}</span>
              {municipality?.name && <>{' '}<span className="site-name__municipality">{municipality.name}</span></>}
            </Link>
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
            <nav aria-label={t('frontDoor.footer.label')}>
              <ul className="site-footer__links">
                <li><NavLink to="/privacy">{t('frontDoor.footer.privacy')}</NavLink></li>
                <li><NavLink to="/toegankelijkheid">{t('frontDoor.footer.accessibility')}</NavLink></li>
                <li><NavLink to="/contact">{t('frontDoor.footer.contact')}</NavLink></li>
              </ul>
            </nav>
            <p className="utrecht-paragraph">{t('app.footer')}</p>
            {municipality?.name && <p className="utrecht-paragraph">{t('frontDoor.footer.byMunicipality', { name: municipality.name })}</p>}
          </footer>
        </div>
      </div>
    </PageTitles>
  );
}
