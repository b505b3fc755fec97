/** A form field's hint and error, with the ids its input points at (aria-describedby). */
export function FieldMessages({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | null | undefined;
  error?: string | null | undefined;
}) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}
