import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { acceptedImageTypes, processUploadedImage, type UploadLimits } from './image-upload.js';

const limits: UploadLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxDimension: 2000,
};

const red = { r: 200, g: 30, b: 30, alpha: 0.5 };

const canvas = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: red } });

const pngOf = (width: number, height: number) => canvas(width, height).png().toBuffer();
const jpegOf = (width: number, height: number) => canvas(width, height).jpeg().toBuffer();
const webpOf = (width: number, height: number) => canvas(width, height).webp().toBuffer();

const text = (value: string) => new TextEncoder().encode(value);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const contains = (bytes: Uint8Array, needle: string) => Buffer.from(bytes).includes(needle);

const unsupported = { statusCode: 415, code: 'unsupported_image_type' };
const invalid = { statusCode: 400, code: 'invalid_image' };
const tooLarge = { statusCode: 413, code: 'image_too_large' };

async function expectWebp(
  output: { data: Uint8Array; width: number; height: number },
  width: number,
  height: number,
) {
  expect(Buffer.from(output.data.subarray(0, 4)).toString('latin1')).toBe('RIFF');
  expect(Buffer.from(output.data.subarray(8, 12)).toString('latin1')).toBe('WEBP');
  const metadata = await sharp(output.data).metadata();
  expect(metadata).toMatchObject({ format: 'webp', width, height });
  expect(output).toMatchObject({ width, height });
}

/** A real PNG with its IHDR rewritten to declare a huge canvas: the pixel data stays 1x1. */
async function pngDeclaring(width: number, height: number): Promise<Uint8Array> {
  const png = Buffer.from(await pngOf(1, 1));
  // Signature (8), chunk length (4), then "IHDR" + 13 data bytes + CRC over type and data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('processUploadedImage', () => {
  it('accepts exactly PNG, JPEG and WebP', () => {
    expect(acceptedImageTypes).toEqual(['image/png', 'image/jpeg', 'image/webp']);
  });

  it.each([
    ['image/png', pngOf],
    ['image/jpeg', jpegOf],
    ['image/webp', webpOf],
  ])('re-encodes %s as WebP', async (type, make) => {
    const output = await processUploadedImage(await make(300, 200), type, limits);
    expect(output).toMatchObject({ contentType: 'image/webp', extension: 'webp' });
    await expectWebp(output, 300, 200);
  });

  it('trusts the bytes when no type is declared', async () => {
    await expectWebp(await processUploadedImage(await pngOf(10, 20), undefined, limits), 10, 20);
  });

  it('ignores case and parameters in the declared type', async () => {
    const output = await processUploadedImage(await pngOf(10, 20), 'Image/PNG; x=y', limits);
    await expectWebp(output, 10, 20);
  });

  it('keeps the alpha channel', async () => {
    const output = await processUploadedImage(await pngOf(10, 10), 'image/png', limits);
    expect((await sharp(output.data).metadata()).hasAlpha).toBe(true);
  });

  it('scales a large image down to maxDimension, keeping its aspect ratio', async () => {
    const output = await processUploadedImage(await jpegOf(4000, 1000), 'image/jpeg', limits);
    await expectWebp(output, 2000, 500);
  });

  it('does not enlarge a small image', async () => {
    const output = await processUploadedImage(await pngOf(50, 40), 'image/png', {
      ...limits,
      maxDimension: 100,
    });
    await expectWebp(output, 50, 40);
  });

  it('applies the EXIF orientation and drops EXIF, GPS and comments', async () => {
    const photo = await canvas(200, 100)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { ImageDescription: 'secret note' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
      })
      .toBuffer();
    const input = await sharp(photo).metadata();
    expect(input.orientation).toBe(6);
    expect(input.exif && contains(input.exif, 'secret note')).toBe(true);

    const output = await processUploadedImage(photo, 'image/jpeg', limits);
    await expectWebp(output, 100, 200);
    const metadata = await sharp(output.data).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(contains(output.data, 'secret note')).toBe(false);
  });

  it('re-encodes a PNG with a script appended, so the script is gone', async () => {
    const polyglot = concat(await pngOf(20, 20), text('<script>alert(1)</script>'));
    const output = await processUploadedImage(polyglot, 'image/png', limits);
    await expectWebp(output, 20, 20);
    expect(contains(output.data, 'script')).toBe(false);
  });

  it('re-encodes a JPEG with HTML in a comment, so the HTML is gone', async () => {
    const jpeg = await jpegOf(20, 20);
    const html = text('<html><script>alert(1)</script></html>');
    // A COM segment (FF FE, then a length that counts itself) right after the SOI marker.
    const comment = concat(Uint8Array.of(0xff, 0xfe, 0, html.length + 2), html);
    const polyglot = concat(jpeg.subarray(0, 2), comment, jpeg.subarray(2));
    expect((await sharp(polyglot).metadata()).format).toBe('jpeg');

    const output = await processUploadedImage(polyglot, 'image/jpeg', limits);
    await expectWebp(output, 20, 20);
    expect(contains(output.data, 'script')).toBe(false);
  });

  describe('refuses SVG, because it can carry scripts', () => {
    const svg = text(
      '\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );

    it.each([
      ['declared as SVG', svg, 'image/svg+xml'],
      ['disguised as PNG', svg, 'image/png'],
      ['undeclared', svg, undefined],
      ['declared as SVG even with PNG bytes', undefined, 'image/svg+xml'],
    ])('%s', async (_, bytes, type) => {
      const upload = bytes ?? (await pngOf(10, 10));
      const refusal = processUploadedImage(upload, type, limits);
      await expect(refusal).rejects.toMatchObject(unsupported);
      await expect(refusal).rejects.toThrow(/SVG.*scripts.*PNG, JPEG or WebP/);
    });
  });

  it.each([
    ['plain text', text('just some notes'), 'image/png'],
    ['a PDF', text('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), 'image/png'],
    ['a GIF', text('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'image/gif'],
    ['a GIF declared as PNG', text('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'image/png'],
    ['a TIFF', Uint8Array.of(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0), undefined],
    ['HTML', text('<!doctype html><html><script>alert(1)</script></html>'), 'text/html'],
    ['HTML declared as JPEG', text('<html><body>hi</body></html>'), 'image/jpeg'],
    ['a RIFF that is not WebP', text('RIFF\x24\x00\x00\x00WAVEfmt '), undefined],
  ])('refuses %s with 415', async (_, bytes, type) => {
    await expect(processUploadedImage(bytes, type, limits)).rejects.toMatchObject(unsupported);
  });

  it('refuses a real PNG declared with a type that is not accepted', async () => {
    const refusal = processUploadedImage(await pngOf(10, 10), 'image/gif', limits);
    await expect(refusal).rejects.toMatchObject(unsupported);
  });

  it('refuses a declared type that disagrees with the bytes', async () => {
    const refusal = processUploadedImage(await pngOf(10, 10), 'image/jpeg', limits);
    await expect(refusal).rejects.toMatchObject(unsupported);
    await expect(refusal).rejects.toThrow('sent as image/jpeg but its contents are image/png');
  });

  it('refuses an empty upload with 400', async () => {
    const refusal = processUploadedImage(new Uint8Array(), 'image/png', limits);
    await expect(refusal).rejects.toMatchObject(invalid);
  });

  it('refuses a truncated PNG with 400', async () => {
    const truncated = (await pngOf(300, 300)).subarray(0, 100);
    const refusal = processUploadedImage(truncated, 'image/png', limits);
    await expect(refusal).rejects.toMatchObject(invalid);
  });

  it('refuses a truncated JPEG with 400', async () => {
    const jpeg = await jpegOf(300, 300);
    const refusal = processUploadedImage(jpeg.subarray(0, jpeg.length - 50), 'image/jpeg', limits);
    await expect(refusal).rejects.toMatchObject(invalid);
  });

  it('refuses more than maxBytes with 413 before looking at the bytes', async () => {
    // Not even an image: the size check must come first.
    const refusal = processUploadedImage(new Uint8Array(1025), 'image/svg+xml', {
      ...limits,
      maxBytes: 1024,
    });
    await expect(refusal).rejects.toMatchObject(tooLarge);
  });

  it('accepts exactly maxBytes', async () => {
    const png = await pngOf(10, 10);
    const output = await processUploadedImage(png, 'image/png', {
      ...limits,
      maxBytes: png.length,
    });
    await expectWebp(output, 10, 10);
  });

  it('refuses a decompression bomb with 413: a 10000x10000 PNG of one colour', async () => {
    const bomb = await sharp({
      create: { width: 10_000, height: 10_000, channels: 3, background: red },
    })
      .png()
      .toBuffer();
    expect(bomb.length).toBeLessThan(limits.maxBytes);
    const refusal = processUploadedImage(bomb, 'image/png', { ...limits, maxPixels: 50_000_000 });
    await expect(refusal).rejects.toMatchObject(tooLarge);
    await expect(refusal).rejects.toThrow(/pixel dimensions/);
  });

  it('refuses a tiny PNG declaring 30000x30000 from its header alone', async () => {
    // The pixel data is for 1x1, so a 413 (not a 400) shows the header was never decoded.
    const bomb = await pngDeclaring(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const refusal = processUploadedImage(bomb, 'image/png', limits);
    await expect(refusal).rejects.toMatchObject(tooLarge);
  });

  it('treats maxPixels 0 as "nothing fits", not as sharp\'s "no limit"', async () => {
    const refusal = processUploadedImage(await pngOf(1, 1), 'image/png', {
      ...limits,
      maxPixels: 0,
    });
    await expect(refusal).rejects.toMatchObject(tooLarge);
  });
});
