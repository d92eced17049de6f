import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, useTokenSource } from '../api/client';
import type { ClientConfig, Me, Municipality } from '../api/types';
import i18n from '../i18n';
import { forgetAllDrafts } from '../ballot/draft';

interface AuthState {
  /** Null until the configuration is loaded. */
  manager: UserManager | null;
  user: User | null;
  me: Me | null;
  ready: boolean;
  /** The gemeente as configured; null until the configuration is loaded (or when it could not be). */
  municipality: Municipality | null;
  signIn: (returnTo?: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Sign-in with the authorization-code flow and PKCE (oidc-client-ts) against the provider the API names; in
 * Development that is the platform's own provider of demo personas. Tokens stay in session storage. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [manager, setManager] = useState<UserManager | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [municipality, setMunicipality] = useState<Municipality | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const config = await api<ClientConfig>('/client-config');
      if (!cancelled) setMunicipality(config.municipality ?? null);
      const created = new UserManager({
        authority: config.authority,
        client_id: config.clientId,
        redirect_uri: `${window.location.origin}/signin-callback`,
        post_logout_redirect_uri: `${window.location.origin}/`,
        response_type: 'code',
        scope: config.scope,
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        automaticSilentRenew: false,
      });
      useTokenSource(async () => {
        const current = await created.getUser();
        return current && !current.expired ? current.access_token : null;
      });
      const current = await created.getUser();
      if (cancelled) return;
      setManager(created);
      setUser(current && !current.expired ? current : null);
      created.events.addUserLoaded((loaded) => setUser(loaded));
      created.events.addUserUnloaded(() => setUser(null));
      setReady(true);
    })().catch(() => setReady(true));
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (!user) {
      setMe(null);
      return;
    }

    void api<Me>('/me').then(setMe, () => setMe(null));
  }, [user]);

  const signIn = useCallback(
    async (returnTo?: string) => {
      await manager?.signinRedirect({ state: returnTo ?? window.location.pathname, extraQueryParams: { ui_locales: i18n.language } });
    },
    [manager],
  );

  const signOut = useCallback(async () => {
    await manager?.removeUser();
    setUser(null);
    forgetAllDrafts(sessionStorage);
    window.location.assign('/');
  }, [manager]);

  const value = useMemo(() => ({ manager, user, me, ready, municipality, signIn, signOut }), [manager, user, me, ready, municipality, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
