import { useEffect } from 'react';

/** Sets the document title while a page is shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} | Ironcart` : 'Ironcart: sports gear';
  }, [title]);
}
