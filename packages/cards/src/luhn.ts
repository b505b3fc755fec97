/** Sum of the Luhn (mod 10) algorithm over `digits`, the last digit counted as the check digit. */
function luhnSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let value = digits.charCodeAt(i) - 48;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum;
}

/** Whether a string of ASCII digits passes the Luhn check. Anything else (or empty) fails. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}

/** The digit that, appended to `body` (ASCII digits), makes a number that passes Luhn. */
export function luhnCheckDigit(body: string): string {
  if (!/^[0-9]*$/.test(body)) throw new TypeError('luhnCheckDigit expects digits only');
  return String((10 - (luhnSum(body, true) % 10)) % 10);
}
