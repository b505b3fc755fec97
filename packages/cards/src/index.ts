/**
 * Card validation shared by the storefront (for comfort) and the server (for truth). Pure
 * TypeScript with no dependencies and no Node APIs, so it runs in browsers unchanged.
 * Rules: docs/security requirements, section 3.
 */

export {
  brandName,
  type CardBrand,
  cardBrands,
  cardNumberLengths,
  cvcLength,
  detectBrand,
  MAX_CARD_NUMBER_LENGTH,
  maxNumberLength,
} from './brands.js';
export { formatCardNumber } from './format.js';
export { luhnCheckDigit, luhnValid } from './luhn.js';
export {
  type CardField,
  type CardInput,
  type CardValidation,
  type CvcErrorCode,
  type ExpiryErrorCode,
  type FieldError,
  type HolderErrorCode,
  MAX_HOLDER_LENGTH,
  MAX_YEARS_AHEAD,
  type NumberErrorCode,
  type ValidCard,
  validateCard,
} from './validate.js';
