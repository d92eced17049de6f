import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from './AuthProvider';
import { Alert } from '../ui';
import { Loading } from '../app/Loading';

/** Where the provider sends the browser back with the code; the code and its PKCE verifier become tokens here. */
export function SigninCallback() {
  const { manager } = useAuth();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  const done = useRef(false);

  useEffect(() => {
    if (!manager || done.current) return;
    done.current = true;
    manager
      .signinRedirectCallback()
      .then((user) => navigate(typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/', { replace: true }))
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
  }, [manager, navigate]);

  return failed ? <Alert type="error" title={t('errors.title')}>{failed}</Alert> : <Loading />;
}
