/**
 * Turns the bytes a shop admin uploads into a product image that is safe to serve, or refuses them.
 *
 * Uploaded files are hostile until proven otherwise: an admin account can be phished, and a file
 * that looks like a photo can also be an HTML page, a script, or a decompression bomb. So:
 *
 * - The size is checked before anything is parsed, and the pixel count is read from the header
 *   before any pixels are decoded, so a tiny file declaring a huge canvas is refused cheaply.
 * - Only PNG, JPEG and WebP are let through, chosen by their magic bytes. libvips can also load
 *   SVG, PDF, TIFF, GIF and more, and each loader is attack surface, so nothing else ever reaches
 *   sharp for it to sniff.
 * - SVG is refused, not sanitised: it can carry scripts and external references, and a sanitiser
 *   that misses one case turns our image host into an XSS host.
 * - Every accepted image is decoded and re-encoded as WebP without metadata. The stored bytes are
 *   new pixels written by us, so anything hidden in the upload (appended HTML, a script in a
 *   comment, EXIF with the admin's GPS position) is gone.
 */
import type { Sharp } from 'sharp';
import { HttpError } from '../../lib/errors.js';

export interface UploadLimits {
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
  /** Largest width × height accepted, read from the header before decoding. */
  maxPixels: number;
  /** Longest side of the stored image; larger images are scaled down. */
  maxDimension: number;
}

export interface ProcessedImage {
  data: Uint8Array;
  contentType: 'image/webp';
  extension: 'webp';
  width: number;
  height: number;
}

type SniffedFormat = 'png' | 'jpeg' | 'webp';

const contentTypes: Record<SniffedFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

export const acceptedImageTypes: readonly string[] = Object.values(contentTypes);

/** Quality 85 keeps product photos visually lossless at a fraction of the size. */
const WEBP_QUALITY = 85;

const ACCEPTED_NAMES = 'PNG, JPEG or WebP';

export async function processUploadedImage(
  bytes: Uint8Array,
  declaredType: string | undefined,
  limits: UploadLimits,
): Promise<ProcessedImage> {
  checkSize(bytes, limits);
  refuseSvg(bytes, declaredType);
  const format = sniffFormat(bytes);
  checkDeclaredType(declaredType, format);
  await checkHeader(bytes, format, limits);
  return reencode(bytes, limits);
}

function checkSize(bytes: Uint8Array, limits: UploadLimits): void {
  if (bytes.byteLength > limits.maxBytes) {
    throw new HttpError(
      413,
      'image_too_large',
      `The image is larger than the ${limits.maxBytes} bytes accepted.`,
    );
  }
  if (bytes.byteLength === 0) {
    throw new HttpError(400, 'invalid_image', 'The upload is empty.');
  }
}

/** Refused by name, before sniffing, so the admin learns why rather than just "unsupported". */
function refuseSvg(bytes: Uint8Array, declaredType: string | undefined): void {
  if (mediaType(declaredType) === 'image/svg+xml' || looksLikeMarkup(bytes)) {
    throw new HttpError(
      415,
      'unsupported_image_type',
      `SVG images (and other XML or HTML files) are not accepted because they can carry scripts. Upload a ${ACCEPTED_NAMES} image.`,
    );
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x09, 0x0a, 0x0d, 0x20]);
const LESS_THAN = 0x3c;

/** SVG, XML and HTML all start with `<`, possibly after a byte order mark and whitespace. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  let i = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
  while (i < bytes.length && WHITESPACE.has(bytes[i] as number)) i++;
  return bytes[i] === LESS_THAN;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  // RIFF, a four-byte chunk size, then WEBP.
  if (startsWith(bytes, RIFF) && startsWith(bytes.subarray(8), WEBP)) return 'webp';
  throw new HttpError(415, 'unsupported_image_type', `This file is not a ${ACCEPTED_NAMES} image.`);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * A missing type is fine (the bytes decide), but a declared one must be accepted and match: a
 * mismatch means a confused or deceptive client, and we would rather say so than guess.
 */
function checkDeclaredType(declaredType: string | undefined, format: SniffedFormat): void {
  const declared = mediaType(declaredType);
  if (declared === undefined) return;
  if (!acceptedImageTypes.includes(declared)) {
    throw new HttpError(
      415,
      'unsupported_image_type',
      `Images of type ${declared} are not accepted. Upload a ${ACCEPTED_NAMES} image.`,
    );
  }
  if (declared !== contentTypes[format]) {
    throw new HttpError(
      415,
      'unsupported_image_type',
      `The file was sent as ${declared} but its contents are ${contentTypes[format]}.`,
    );
  }
}

/** `Image/PNG; charset=x` → `image/png`; blank → undefined. */
function mediaType(declaredType: string | undefined): string | undefined {
  const type = declaredType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * Reads only the header. sharp enforces limitInputPixels here too, so a bomb is refused before
 * any pixel buffer exists.
 */
async function checkHeader(
  bytes: Uint8Array,
  format: SniffedFormat,
  limits: UploadLimits,
): Promise<void> {
  const image = await decoder(bytes, limits);
  const metadata = await image
    .metadata()
    .catch((error: unknown) => refuseUnreadable(error, limits));
  // Our own check as well: sharp treats a limit of 0 as "no limit".
  if (metadata.width * metadata.height > limits.maxPixels) throw tooManyPixels(limits);
  // libvips chooses its loader by sniffing too; make sure it agrees with ours.
  if (metadata.format !== format) {
    throw new HttpError(
      415,
      'unsupported_image_type',
      `This file is not a ${ACCEPTED_NAMES} image.`,
    );
  }
}

async function reencode(bytes: Uint8Array, limits: UploadLimits): Promise<ProcessedImage> {
  const image = await decoder(bytes, limits);
  const { data, info } = await image
    .autoOrient()
    .resize({
      width: limits.maxDimension,
      height: limits.maxDimension,
      fit: 'inside',
      withoutEnlargement: true,
    })
    // No withMetadata/keepMetadata: sharp then writes no EXIF, XMP, ICC or comments.
    .webp({ quality: WEBP_QUALITY })
    .toUint8Array()
    .catch((error: unknown) => refuseUnreadable(error, limits));
  return {
    data,
    contentType: 'image/webp',
    extension: 'webp',
    width: info.width,
    height: info.height,
  };
}

/**
 * sharp (libvips, a native library) is loaded on the first upload, not at server start: only an
 * admin uploading an image needs it. Node caches the module, so this costs once.
 */
const loadSharp = () => import('sharp');

/**
 * failOn 'error' refuses corrupt and truncated pixel data but tolerates the harmless warnings that
 * many cameras' JPEGs trigger; the output is re-encoded, so nothing from a lenient read survives.
 */
async function decoder(bytes: Uint8Array, limits: UploadLimits): Promise<Sharp> {
  const { default: sharp } = await loadSharp();
  return sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' });
}

/**
 * sharp rejects with a plain Error ("Input image exceeds pixel limit"), so its pixel limit is
 * recognisable only by the message. Anything else means the bytes claim a format but are broken.
 */
function refuseUnreadable(error: unknown, limits: UploadLimits): never {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('exceeds pixel limit')) throw tooManyPixels(limits);
  throw new HttpError(400, 'invalid_image', 'The image is corrupt or incomplete.');
}

function tooManyPixels(limits: UploadLimits): HttpError {
  return new HttpError(
    413,
    'image_too_large',
    `The image's pixel dimensions are too large: at most ${limits.maxPixels} pixels (width × height) are accepted.`,
  );
}
