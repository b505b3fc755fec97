import type { IroncartClient } from '@ironcart/sdk';
import type { CountryList } from '@ironcart/server/api';
import { useEffect, useState } from 'react';
import { errorMessage } from './format.js';
import { useShop } from './shop.js';

export type Country = CountryList['countries'][number];

/**
 * The country list, asked for once per client (the app has one): it is reference data that
 * only changes with a release, and every address form and address on screen needs it.
 */
const lists = new WeakMap<IroncartClient, Promise<readonly Country[]>>();

function countriesOf(client: IroncartClient): Promise<readonly Country[]> {
  let list = lists.get(client);
  if (!list) {
    list = client.countries().then((answer) => answer.countries);
    lists.set(client, list);
    // A failed load is not kept: the next form, or "Try again", asks again.
    list.catch(() => lists.delete(client));
  }
  return list;
}

/** The countries an address may be in (null while loading), or why they could not be loaded. */
export function useCountries(): {
  countries: readonly Country[] | null;
  error: string | null;
  retry: () => void;
} {
  const { client } = useShop();
  const [countries, setCountries] = useState<readonly Country[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` retries
  useEffect(() => {
    let live = true;
    setError(null);
    countriesOf(client).then(
      (list) => live && setCountries(list),
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  return { countries, error, retry: () => setAttempt((n) => n + 1) };
}
