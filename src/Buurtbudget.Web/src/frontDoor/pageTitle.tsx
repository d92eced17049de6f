import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { matchPath, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { documentTitle } from './theme';
import { patterns } from '../app/paths';

/** Each route's page name (frontDoor.titles.*), for pages that name themselves no more precisely. The first match
 * wins, so the more specific paths come first. */
const ROUTE_TITLES: [pattern: string, key: string][] = [
  [patterns.home, 'home'],
  [patterns.proposalNew, 'proposalNew'],
  [patterns.proposalEdit, 'proposalEdit'],
  [patterns.proposal, 'proposal'],
  [patterns.ballot, 'ballot'],
  [patterns.results, 'results'],
  [patterns.roundCode, 'votingCode'],
  [patterns.round, 'round'],
  [patterns.code, 'votingCode'],
  [patterns.letter, 'votingCode'],
  [patterns.signInCallback, 'signIn'],
  [patterns.manage, 'manage'],
  [patterns.newRound, 'newRound'],
  [patterns.manageRound, 'manageRound'],
  [patterns.audit, 'audit'],
  [patterns.auditRound, 'auditRound'],
  [patterns.wijkBudget, 'wijkBudget'],
  [patterns.privacy, 'privacy'],
  [patterns.accessibility, 'accessibility'],
  [patterns.contact, 'contact'],
];

/** The page name of a path from the route table, or null for a path no route knows (the not-found page). */
export function routeTitleKey(pathname: string): string | null {
  return ROUTE_TITLES.find(([pattern]) => matchPath({ path: pattern, end: true }, pathname))?.[1] ?? null;
}

type Named = { path: string; title: string } | null;
const TitleContext = createContext<(named: Named) => void>(() => {});

/** Lets a page name itself more precisely than its route does ("Lantaarns aan de Noordsingel" rather than
 * "Voorstel"). The name holds only for the path it was given on, so a page left behind never names the next one. */
export function usePageTitle(title: string | null | undefined) {
  const name = useContext(TitleContext);
  const { pathname } = useLocation();
  useEffect(() => {
    if (!title) return;
    name({ path: pathname, title });
    return () => name(null);
  }, [name, pathname, title]);
}

/** Sets document.title on every page: the page's own name, else its route's, else "not found"; then "Buurtbudget"
 * and the gemeente's name. */
export function PageTitles({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { municipality } = useAuth();
  const { pathname } = useLocation();
  const [named, setNamed] = useState<Named>(null);

  useEffect(() => {
    const key = routeTitleKey(pathname) ?? 'notFound';
    const page = named?.path === pathname ? named.title : t(`frontDoor.titles.${key}`);
    document.title = documentTitle(page, t('app.name'), municipality);
  }, [pathname, named, municipality, t, i18n.language]);

  return <TitleContext.Provider value={setNamed}>{children}</TitleContext.Provider>;
}
