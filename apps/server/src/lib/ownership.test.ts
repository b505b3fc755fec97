import { describe, expect, test } from 'vitest';
import { HttpError } from './errors.js';
import { requireOwned } from './ownership.js';

describe('requireOwned', () => {
  const order = { id: 'o1', ownerId: 'alice' };

  test('hands the object to its owner', () => {
    expect(requireOwned(order, 'alice', 'order')).toBe(order);
  });

  test.each([
    ['another user', order, 'bob'],
    ['nobody logged in', order, null],
    ['a missing object', undefined, 'alice'],
  ])('is the same 404 for %s', (_label, row, owner) => {
    const attempt = () => requireOwned(row, owner, 'order');
    expect(attempt).toThrow(HttpError);
    expect(attempt).toThrow('There is no such order.');
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 404, code: 'not_found' });
    }
  });

  test('an object without an owner belongs to no one', () => {
    expect(() => requireOwned({ ownerId: null }, 'alice', 'cart')).toThrow(HttpError);
  });
});
