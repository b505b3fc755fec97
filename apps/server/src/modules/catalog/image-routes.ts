import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HttpError } from '../../lib/errors.js';
import { findImage } from './images.js';

/** Product images, served from the database so every instance has them. */
export const imageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/images/:name',
    {
      schema: {
        summary: 'A product image',
        tags: ['catalog'],
        params: Type.Object({
          name: Type.String({
            pattern: '^[a-z0-9][a-z0-9-]*\\.(svg|png|jpg|webp)$',
            maxLength: 120,
          }),
        }),
      },
    },
    async (request, reply) => {
      const image = await findImage(app.database.db, request.params.name);
      if (!image) throw new HttpError(404, 'not_found', 'There is no such image.');
      return (
        reply
          .type(image.contentType)
          // Names are content addressed, so a cached copy is valid forever.
          .header('cache-control', 'public, max-age=31536000, immutable')
          // An SVG opened directly must not be able to run anything.
          .header(
            'content-security-policy',
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
          )
          .header('x-content-type-options', 'nosniff')
          .send(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength))
      );
    },
  );
};
