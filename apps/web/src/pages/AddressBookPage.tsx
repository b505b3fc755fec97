import { ApiError } from '@ironcart/sdk';
import type { SaveAddressBody, SavedAddress } from '@ironcart/server/api';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { AccountNav } from '../components/AccountNav.js';
import {
  AddressForm,
  addressDraft,
  addressErrorsFrom,
  addressFieldId,
  addressInput,
  checkAddress,
  firstAddressError,
  useAddressDraft,
} from '../components/AddressForm.js';
import { RequireLogin } from '../components/RequireLogin.js';
import { errorMessage } from '../format.js';
import { useShop } from '../shop.js';
import { type Country, useCountries } from '../use-countries.js';
import { useTitle } from '../use-title.js';

/** The account's saved addresses: add, edit, make default, delete. */
export function AddressBookPage() {
  useTitle('Address book');
  return (
    <RequireLogin>
      {() => (
        <div className="container page">
          <h1>Address book</h1>
          <AccountNav />
          <AddressBook />
        </div>
      )}
    </RequireLogin>
  );
}

const ADD_BUTTON = 'address-add';
const PROBLEM = 'address-problem';
const buttonId = (action: 'edit' | 'delete' | 'keep', address: { id: string }) =>
  `address-${action}-${address.id}`;

function AddressBook() {
  const { client, refreshSession } = useShop();
  const { countries, error: countriesError, retry: retryCountries } = useCountries();
  const [addresses, setAddresses] = useState<SavedAddress[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** The address being edited, 'new' while adding one. */
  const [editing, setEditing] = useState<SavedAddress | 'new' | null>(null);
  /** The address whose Delete asks "are you sure?". */
  const [confirming, setConfirming] = useState<string | null>(null);
  /** What is under way ('save', `default-<id>`, `delete-<id>`): every button waits for it. */
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  /** The id of the control to focus once the page has re-rendered (the one that replaced it). */
  const focusNext = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` retries
  useEffect(() => {
    let live = true;
    setLoadError(null);
    client.addresses().then(
      (book) => live && setAddresses(book.addresses),
      (failure: unknown) => live && setLoadError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  /** The book as it is now: the server decides which address is the default after a change. */
  async function reload() {
    setAddresses((await client.addresses()).addresses);
  }

  function close(focus: string) {
    setEditing(null);
    focusNext.current = focus;
  }

  /** Saves the form; a failure goes back to the form, which shows it at its fields. */
  async function save(body: SaveAddressBody) {
    const editedId = editing === 'new' ? null : editing?.id;
    setPending('save');
    setProblem(null);
    setStatus('Saving the address…');
    try {
      const saved = editedId
        ? await client.updateAddress(editedId, body)
        : await client.saveAddress(body);
      await reload().catch((failure: unknown) => setProblem(errorMessage(failure)));
      setStatus(editedId ? 'Address updated.' : 'Address saved.');
      close(buttonId('edit', saved));
    } catch (failure) {
      setStatus('');
      if (failure instanceof ApiError && failure.status === 401) void refreshSession();
      throw failure;
    } finally {
      setPending(null);
    }
  }

  /** Make default and delete: the list is asked for again afterwards, whatever happened. */
  async function act(
    key: string,
    messages: { working: string; done: string },
    focus: string,
    action: () => Promise<unknown>,
  ) {
    setPending(key);
    setProblem(null);
    setStatus(messages.working);
    let focusAfter = focus;
    try {
      await action();
      setStatus(messages.done);
    } catch (failure) {
      focusAfter = PROBLEM;
      setStatus('');
      if (failure instanceof ApiError && failure.status === 401) void refreshSession();
      setProblem(
        failure instanceof ApiError && failure.status === 404
          ? 'That address is no longer in your address book (it was changed in another window). Here is the book as it is now.'
          : errorMessage(failure),
      );
    }
    await reload().catch((failure: unknown) => setProblem(errorMessage(failure)));
    setConfirming(null);
    setPending(null);
    // Now, not before: until the buttons are enabled again, they cannot take the focus.
    focusNext.current = focusAfter;
  }

  const makeDefault = (address: SavedAddress) =>
    act(
      `default-${address.id}`,
      {
        working: 'Making it the default address…',
        done: `${address.name}, ${address.line1} is now your default address.`,
      },
      buttonId('edit', address),
      () => client.makeDefaultAddress(address.id),
    );

  const remove = (address: SavedAddress) =>
    act(
      `delete-${address.id}`,
      { working: 'Deleting the address…', done: 'Address deleted.' },
      ADD_BUTTON,
      () => client.deleteAddress(address.id),
    );

  function askToDelete(address: SavedAddress) {
    setConfirming(address.id);
    focusNext.current = buttonId('keep', address);
  }

  function keep(address: SavedAddress) {
    setConfirming(null);
    focusNext.current = buttonId('delete', address);
  }

  if (loadError && !addresses) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{loadError}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }

  const busy = pending !== null;
  const addButton = (
    <button
      type="button"
      id={ADD_BUTTON}
      className="button button-primary"
      disabled={busy || !countries}
      onClick={() => {
        setStatus('');
        setEditing('new');
        focusNext.current = addressFieldId('address-new', 'name');
      }}
    >
      Add an address
    </button>
  );
  const editor = (address: SavedAddress | null) =>
    countries && (
      <AddressEditor
        address={address}
        countries={countries}
        saving={pending === 'save'}
        onSave={save}
        onCancel={() => close(address ? buttonId('edit', address) : ADD_BUTTON)}
      />
    );

  return (
    <section className="address-book" aria-labelledby="address-book-title" aria-busy={busy}>
      <div className="address-book-head">
        <h2 id="address-book-title">Saved addresses</h2>
        {addresses && addresses.length > 0 && editing !== 'new' && addButton}
      </div>
      <p className="address-status" role="status">
        {status}
      </p>
      {problem && (
        <div className="notice notice-error" role="alert" id={PROBLEM} tabIndex={-1}>
          {problem}
        </div>
      )}
      {countriesError && !countries && (
        <div className="notice notice-error" role="alert">
          <p>
            The list of countries could not be loaded, so addresses cannot be edited:{' '}
            {countriesError}
          </p>
          <button type="button" className="button" onClick={retryCountries}>
            Try again
          </button>
        </div>
      )}
      {!addresses ? (
        <div className="skeleton skeleton-block" aria-busy="true" />
      ) : (
        <>
          {editing === 'new' && editor(null)}
          {addresses.length === 0 && editing !== 'new' && (
            <div className="empty">
              <h3>Your address book is empty</h3>
              <p>
                Save the addresses you have orders delivered to (home, work, family) so they are
                ready when you need them. The one marked Default comes first.
              </p>
              {addButton}
            </div>
          )}
          {addresses.length > 0 && (
            <ul className="address-list" aria-label="Saved addresses, the default first">
              {addresses.map((address) =>
                editing !== 'new' && editing?.id === address.id ? (
                  <li key={address.id} className="address-list-editor">
                    {editor(address)}
                  </li>
                ) : (
                  <AddressCard
                    key={address.id}
                    address={address}
                    countries={countries}
                    busy={busy}
                    pending={pending}
                    confirming={confirming === address.id}
                    onEdit={() => {
                      setStatus('');
                      setEditing(address);
                      focusNext.current = addressFieldId(`address-${address.id}`, 'name');
                    }}
                    onMakeDefault={() => makeDefault(address)}
                    onDelete={() => askToDelete(address)}
                    onConfirmDelete={() => remove(address)}
                    onKeep={() => keep(address)}
                  />
                ),
              )}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function AddressCard({
  address,
  countries,
  busy,
  pending,
  confirming,
  onEdit,
  onMakeDefault,
  onDelete,
  onConfirmDelete,
  onKeep,
}: {
  address: SavedAddress;
  countries: readonly Country[] | null;
  busy: boolean;
  pending: string | null;
  confirming: boolean;
  onEdit: () => void;
  onMakeDefault: () => void;
  onDelete: () => void;
  onConfirmDelete: () => void;
  onKeep: () => void;
}) {
  // Every card has the same buttons: their names say which address they are about.
  const which = <span className="visually-hidden"> {`${address.name}, ${address.line1}`}</span>;
  return (
    <li className={`address-card${address.isDefault ? ' address-card-default' : ''}`}>
      {address.isDefault && <span className="badge address-badge">Default</span>}
      <AddressLines address={address} countries={countries} />
      {confirming ? (
        // Escape, like "Keep it", keeps the address.
        <fieldset
          className="address-confirm"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) onKeep();
          }}
        >
          <legend>Delete this address? This cannot be undone.</legend>
          <div className="address-actions">
            <button
              type="button"
              className="button button-small button-danger"
              disabled={busy}
              onClick={onConfirmDelete}
            >
              {pending === `delete-${address.id}` ? 'Deleting…' : 'Delete'}
              {which}
            </button>
            <button
              type="button"
              id={buttonId('keep', address)}
              className="button button-small button-outline"
              disabled={busy}
              onClick={onKeep}
            >
              Keep it
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="address-actions">
          <button
            type="button"
            id={buttonId('edit', address)}
            className="button button-small button-outline"
            disabled={busy || !countries}
            onClick={onEdit}
          >
            Edit{which}
          </button>
          {!address.isDefault && (
            <button
              type="button"
              className="button button-small button-outline"
              disabled={busy}
              onClick={onMakeDefault}
            >
              {pending === `default-${address.id}` ? 'Making default…' : 'Make default'}
              {which}
            </button>
          )}
          <button
            type="button"
            id={buttonId('delete', address)}
            className="link-button address-delete"
            disabled={busy}
            onClick={onDelete}
          >
            Delete{which}
          </button>
        </div>
      )}
    </li>
  );
}

/** Countries whose addresses put the postal code on a line of its own, after the town. */
const POSTAL_CODE_LAST = new Set(['GB', 'IE']);

/** A saved address, written the way its country writes addresses. */
function AddressLines({
  address,
  countries,
}: {
  address: SavedAddress;
  countries: readonly Country[] | null;
}) {
  const country = countries?.find((known) => known.code === address.country);
  const [town, postalLine] = address.region
    ? [`${address.city}, ${address.region} ${address.postalCode}`]
    : POSTAL_CODE_LAST.has(address.country)
      ? [address.city, address.postalCode]
      : [`${address.postalCode} ${address.city}`];
  return (
    <address className="address-lines">
      <strong>{address.name}</strong>
      {address.company && <span>{address.company}</span>}
      <span>{address.line1}</span>
      {address.line2 && <span>{address.line2}</span>}
      <span>{town}</span>
      {postalLine && <span>{postalLine}</span>}
      <span>{country?.name ?? address.country}</span>
      {address.phone && <span>Phone: {address.phone}</span>}
    </address>
  );
}

/** The form that adds an address or edits one, with what went wrong with its last save. */
function AddressEditor({
  address,
  countries,
  saving,
  onSave,
  onCancel,
}: {
  address: SavedAddress | null;
  countries: readonly Country[];
  saving: boolean;
  onSave: (body: SaveAddressBody) => Promise<void>;
  onCancel: () => void;
}) {
  const id = address ? `address-${address.id}` : 'address-new';
  const draft = useAddressDraft(() => addressDraft(address, countries));
  const [failure, setFailure] = useState<string | null>(null);
  /** What takes the focus once the fields are enabled again (they are disabled while saving). */
  const focusNext = useRef<string | null>(null);
  const failureId = `${id}-failure`;

  useEffect(() => {
    if (saving || !focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const title = address ? 'Edit address' : 'New address';

  function showErrors(errors: ReturnType<typeof checkAddress>): boolean {
    const first = firstAddressError(errors);
    if (!first) return false;
    draft.setErrors(errors);
    setFailure('Please check the details marked below.');
    focusNext.current = addressFieldId(id, first);
    return true;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setFailure(null);
    if (showErrors(checkAddress(draft.value, countries))) return;
    try {
      await onSave(addressInput(draft.value));
    } catch (error) {
      if (showErrors(addressErrorsFrom(error, draft.value, countries))) return;
      setFailure(
        error instanceof ApiError && error.code === 'address_book_full'
          ? `Your address book is full. ${error.message}`
          : errorMessage(error),
      );
      // Not at a field: the message itself takes the focus, so it is read out and seen.
      focusNext.current = failureId;
    }
  }

  return (
    <form className="address-editor" onSubmit={submit} noValidate aria-busy={saving}>
      <fieldset className="panel" disabled={saving}>
        <legend>{title}</legend>
        {failure && (
          <div
            className="notice notice-error"
            role="alert"
            id={failureId}
            tabIndex={-1}
            data-testid="address-error"
          >
            {failure}
          </div>
        )}
        <AddressForm
          id={id}
          countries={countries}
          value={draft.value}
          errors={draft.errors}
          onChange={draft.onChange}
        />
        <div className="address-editor-actions">
          <button type="submit" className="button button-primary">
            {saving ? 'Saving…' : 'Save address'}
          </button>
          <button type="button" className="button button-outline" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
