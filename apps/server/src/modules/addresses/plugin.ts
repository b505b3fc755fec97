import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { ErrorResponse } from '../../lib/errors.js';
import { currentUser } from '../accounts/plugin.js';
import {
  AddressBook,
  AddressParams,
  CountryList,
  SaveAddressBody,
  SavedAddress,
} from './schemas.js';
import { AddressBookService, countryList } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    addressBook: AddressBookService;
  }
}

export interface AddressesPluginOptions {
  now: () => number;
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Countries and regions for address forms, and logged-in shoppers' address books. */
const addressesPlugin: FastifyPluginAsyncTypebox<AddressesPluginOptions> = async (app, options) => {
  const service = new AddressBookService(app.database.db, options.now);
  app.decorate('addressBook', service);
  const countries = countryList();
  const tags = ['addresses'];
  const user = { access: 'user' as const };

  app.get(
    '/api/v1/countries',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Countries an address may be in, with their regions and postal code formats',
        tags,
        response: { 200: CountryList },
      },
    },
    async () => countries,
  );

  app.get(
    '/api/v1/account/addresses',
    {
      config: user,
      schema: {
        summary: 'My saved addresses, the default first',
        tags,
        response: { 200: AddressBook, ...errors },
      },
    },
    async (request) => ({ addresses: await service.list(currentUser(request).id) }),
  );

  app.post(
    '/api/v1/account/addresses',
    {
      config: user,
      schema: {
        summary:
          'Save an address (the first one becomes the default); 400 invalid_address names each field',
        tags,
        body: SaveAddressBody,
        response: { 201: SavedAddress, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.add(currentUser(request).id, request.body)),
  );

  app.put(
    '/api/v1/account/addresses/:addressId',
    {
      config: user,
      schema: {
        summary: 'Replace a saved address',
        tags,
        params: AddressParams,
        body: SaveAddressBody,
        response: { 200: SavedAddress, ...errors },
      },
    },
    async (request) =>
      service.update(currentUser(request).id, request.params.addressId, request.body),
  );

  app.post(
    '/api/v1/account/addresses/:addressId/default',
    {
      config: user,
      schema: {
        summary: 'Make a saved address the default',
        tags,
        params: AddressParams,
        response: { 200: SavedAddress, ...errors },
      },
    },
    async (request) => service.makeDefault(currentUser(request).id, request.params.addressId),
  );

  app.delete(
    '/api/v1/account/addresses/:addressId',
    {
      config: user,
      schema: {
        summary: 'Delete a saved address (the most recent other one becomes the default)',
        tags,
        params: AddressParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.remove(currentUser(request).id, request.params.addressId);
      return reply.code(204).send(null);
    },
  );
};

export const addressesModule = fp(addressesPlugin, {
  name: 'addresses',
  dependencies: ['accounts'],
});
