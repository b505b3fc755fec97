import { ApiError } from '@ironcart/sdk';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { PasswordField } from '../components/PasswordField.js';
import { errorMessage } from '../format.js';
import { safeNext, useShop } from '../shop.js';
import { useTitle } from '../use-title.js';

interface Problem {
  /** The whole-form message, shown above the fields. */
  message: ReactNode;
  /** A message for one field. */
  field?: 'email' | 'password' | 'name';
}

/** The `?next=` link to the other form, so the shopper still ends up where they were going. */
function withNext(path: string, next: string | null): string {
  return next ? `${path}?${new URLSearchParams({ next })}` : path;
}

export function LoginPage() {
  const { user, login } = useShop();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get('next');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  useTitle('Log in');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await login({ email: email.trim(), password });
      navigate(safeNext(next), { replace: true });
    } catch (failure) {
      setBusy(false);
      if (failure instanceof ApiError && failure.code === 'invalid_credentials') {
        setProblem({ message: 'The email or password is incorrect.' });
      } else if (failure instanceof ApiError && failure.status === 429) {
        setProblem({ message: failure.message });
      } else {
        setProblem({ message: errorMessage(failure) });
      }
    }
  }

  if (user && !busy) return <Navigate to={safeNext(next)} replace />;
  return (
    <div className="container page auth">
      <div className="auth-card">
        <h1>Log in</h1>
        <p className="auth-lead">Welcome back. Log in to check out and see your orders.</p>
        {problem && (
          <div className="notice notice-error" role="alert">
            {problem.message}
          </div>
        )}
        <form className="form" onSubmit={submit} noValidate>
          <div className="form-field">
            <label htmlFor="login-email">Email</label>
            <input
              id="login-email"
              type="email"
              autoComplete="email"
              required
              maxLength={254}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <PasswordField
            id="login-password"
            label="Password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
          />
          <button
            type="submit"
            className="button button-primary button-large"
            disabled={busy || !email.trim() || !password}
          >
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p className="auth-switch">
          New to Ironcart? <Link to={withNext('/signup', next)}>Create an account</Link>
        </p>
      </div>
    </div>
  );
}

export function SignUpPage() {
  const { user, signUp } = useShop();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get('next');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  useTitle('Create an account');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (password.length < 8) {
      setProblem({ message: 'Please choose a longer password.', field: 'password' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await signUp({ name: name.trim(), email: email.trim(), password });
      navigate(safeNext(next), { replace: true });
    } catch (failure) {
      setBusy(false);
      setProblem(signUpProblem(failure, next));
    }
  }

  const fieldError = (field: Problem['field']): string | null =>
    problem && problem.field === field && typeof problem.message === 'string'
      ? problem.message
      : null;

  if (user && !busy) return <Navigate to={safeNext(next)} replace />;
  return (
    <div className="container page auth">
      <div className="auth-card">
        <h1>Create an account</h1>
        <p className="auth-lead">
          Check out faster and keep your orders and invoices in one place.
        </p>
        {problem && !problem.field && (
          <div className="notice notice-error" role="alert">
            {problem.message}
          </div>
        )}
        <form className="form" onSubmit={submit} noValidate>
          <div className="form-field">
            <label htmlFor="signup-name">Your name</label>
            <input
              id="signup-name"
              autoComplete="name"
              required
              maxLength={100}
              value={name}
              aria-invalid={fieldError('name') ? true : undefined}
              aria-describedby={fieldError('name') ? 'signup-name-error' : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            {fieldError('name') && (
              <p id="signup-name-error" className="field-error" role="alert">
                {fieldError('name')}
              </p>
            )}
          </div>
          <div className="form-field">
            <label htmlFor="signup-email">Email</label>
            <input
              id="signup-email"
              type="email"
              autoComplete="email"
              required
              maxLength={254}
              value={email}
              aria-invalid={fieldError('email') ? true : undefined}
              aria-describedby={fieldError('email') ? 'signup-email-error' : undefined}
              onChange={(event) => setEmail(event.target.value)}
            />
            {fieldError('email') && (
              <p id="signup-email-error" className="field-error" role="alert">
                {fieldError('email')}
              </p>
            )}
          </div>
          <PasswordField
            id="signup-password"
            label="Password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            hint="At least 8 characters. Avoid common passwords."
            error={fieldError('password')}
          />
          <button
            type="submit"
            className="button button-primary button-large"
            disabled={busy || !name.trim() || !email.trim() || !password}
          >
            {busy ? 'Creating your account…' : 'Create account'}
          </button>
        </form>
        <p className="auth-switch">
          Already have an account? <Link to={withNext('/login', next)}>Log in</Link>
        </p>
      </div>
    </div>
  );
}

function signUpProblem(failure: unknown, next: string | null): Problem {
  if (!(failure instanceof ApiError)) return { message: errorMessage(failure) };
  if (failure.code === 'email_taken') {
    return {
      message: (
        <>
          An account with this email already exists.{' '}
          <Link to={withNext('/login', next)} className="notice-link">
            Log in instead
          </Link>
        </>
      ),
    };
  }
  if (failure.code === 'weak_password') return { message: failure.message, field: 'password' };
  if (failure.status === 429) return { message: failure.message };
  if (failure.status === 400) {
    const path = failure.details?.[0]?.path ?? '';
    if (path.endsWith('/email'))
      return { message: 'Please enter a valid email address.', field: 'email' };
    if (path.endsWith('/name')) return { message: 'Please enter your name.', field: 'name' };
  }
  return { message: errorMessage(failure) };
}
