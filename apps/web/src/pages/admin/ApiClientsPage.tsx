import type {
  ApiClient,
  ApiClientListQuery,
  ApiClientPage,
  CreatedApiClient,
} from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ActionDialog } from '../../components/admin/ActionDialog.js';
import {
  AdminHead,
  DoneNotice,
  describedBy,
  formatDateTime,
  useOneFieldSubmit,
} from '../../components/admin/common.js';
import { ListingTable, pagingFrom, useListing } from '../../components/admin/listing.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';

/**
 * The legacy cart API's clients (docs/legacy-api.md): the integrations allowed to obtain access
 * tokens. A new client's key is shown once, right after it is made, with a copy button; after
 * that only its first characters are known. Revoking a client ends its key and its tokens.
 */
export function AdminApiClientsPage() {
  useTitle('API clients · Admin');
  const { client } = useShop();
  const listing = useListing<ApiClientListQuery, ApiClientPage>(pagingFrom, (query) =>
    client.admin.apiClients(query),
  );
  const [created, setCreated] = useState<CreatedApiClient | null>(null);
  const [revoking, setRevoking] = useState<ApiClient | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function revoke(reason: string) {
    if (!revoking) return;
    await client.admin.revokeApiClient(revoking.id, reason);
    setDone(`${revoking.name} is revoked: its key and its access tokens no longer work.`);
    setRevoking(null);
    listing.load.retry();
  }

  return (
    <>
      <AdminHead
        title="API clients"
        lead="The integrations allowed to use the legacy cart API. Each gets a client key, which it sends to GET /getAccessToken."
      />
      <NewClientForm
        onCreated={(answer) => {
          setDone(null);
          setCreated(answer);
          listing.load.retry();
        }}
      />
      {created && (
        <NewKey
          created={created}
          onDone={() => {
            setCreated(null);
            setDone(
              `${created.client.name} is ready: it gets access tokens with the key you stored.`,
            );
          }}
        />
      )}
      <DoneNotice message={done} />

      <ListingTable
        listing={listing}
        loadingLabel="Loading API clients"
        empty={
          <>
            <h2>No API clients yet</h2>
            <p>
              Without one, the legacy API issues no access tokens (unless demo mode,
              LEGACY_OPEN_TOKENS, is on).
            </p>
          </>
        }
        caption="API clients, newest first"
        columns={
          <>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">Last token</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </>
        }
        what="API clients"
        row={(apiClient) => (
          <tr key={apiClient.id} data-testid="api-client-row">
            <td className="admin-strong">{apiClient.name}</td>
            <td>
              <code className="admin-code">{apiClient.keyHint}…</code>
            </td>
            <td className="nowrap">
              {formatDateTime(apiClient.createdAt)}
              {apiClient.createdBy && <span className="admin-id">{apiClient.createdBy}</span>}
            </td>
            <td className="nowrap">
              {apiClient.lastUsedAt ? formatDateTime(apiClient.lastUsedAt) : 'Never'}
            </td>
            <td>
              {apiClient.revokedAt ? (
                <span className="status status-cancelled">
                  Revoked {formatDateTime(apiClient.revokedAt)}
                </span>
              ) : (
                <span className="status status-paid">Active</span>
              )}
            </td>
            <td>
              {!apiClient.revokedAt && (
                <button
                  type="button"
                  className="button button-outline button-small"
                  aria-label={`Revoke ${apiClient.name}`}
                  onClick={() => {
                    setDone(null);
                    setRevoking(apiClient);
                  }}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        )}
      />

      <ActionDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'this client'}?`}
        confirmLabel="Revoke client"
        pendingLabel="Revoking…"
        danger
        reason={{
          label: 'Reason',
          initial: '',
          hint: 'Kept in the activity log, e.g. “Partner contract ended”.',
        }}
        onClose={() => setRevoking(null)}
        onConfirm={revoke}
      >
        <p>
          Its key stops working at once, and so does every access token it obtained: the integration
          can no longer see carts or check out. This cannot be undone; make a new client to let it
          back in.
        </p>
      </ActionDialog>
    </>
  );
}

/** The name of a new client, and Create. */
function NewClientForm({ onCreated }: { onCreated: (created: CreatedApiClient) => void }) {
  const { client } = useShop();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const { busy, error, fieldError, setFieldError, submit } = useOneFieldSubmit('name', input);

  async function create(event: FormEvent) {
    event.preventDefault();
    const tooShort =
      name.trim().length < 2 ? 'Please name the integration, in at least 2 characters.' : null;
    await submit(tooShort, async () => {
      onCreated(await client.admin.createApiClient(name.trim()));
      setName('');
    });
  }

  const nameId = `${id}-name`;
  return (
    <form className="panel api-client-new" onSubmit={create} noValidate>
      <h2>New API client</h2>
      <div className="api-client-new-row">
        <div className="form-field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            ref={input}
            maxLength={100}
            value={name}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy(nameId, true, fieldError)}
            onChange={(event) => {
              setName(event.target.value);
              setFieldError(null);
            }}
          />
          <p id={`${nameId}-hint`} className="field-hint">
            Who will use the key, e.g. “Warehouse kiosk”.
          </p>
          {fieldError && (
            <p id={`${nameId}-error`} className="field-error">
              {fieldError}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Creating…' : 'Create client'}
        </button>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The key of a client just made: shown this once, with a copy button and a clear warning. */
function NewKey({ created, onDone }: { created: CreatedApiClient; onDone: () => void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  // Focus moves here, so a keyboard or screen-reader user lands on the key and its warning.
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard access (an old browser, a denied permission): select it for Ctrl+C.
      if (field.current) window.getSelection()?.selectAllChildren(field.current);
      setCopied('Selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }

  return (
    <section
      className="panel api-client-key"
      aria-labelledby={`${id}-title`}
      data-testid="new-client-key"
    >
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Client key for {created.client.name}
      </h2>
      <p className="notice notice-warning" role="alert">
        Copy this key now: it is shown only this once. The shop keeps only a fingerprint of it, so
        nobody can show it again. Keep it secret, in the integration’s settings; if it is lost,
        revoke this client and create a new one.
      </p>
      <div className="api-client-key-row">
        {/* Text, not an input: the whole key stays visible (it wraps) at any width. */}
        <code ref={field} className="api-client-key-value" data-testid="client-key">
          {created.key}
        </code>
        <button type="button" className="button button-primary" onClick={copy}>
          Copy key
        </button>
        <button type="button" className="button button-outline" onClick={onDone}>
          I have stored it
        </button>
      </div>
      <p className="field-hint" aria-live="polite">
        {copied ??
          'The integration sends it as “Authorization: Bearer <key>” to GET /getAccessToken.'}
      </p>
    </section>
  );
}
