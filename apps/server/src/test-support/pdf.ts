import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Reads a PDF back as text, one string per page (pdf.js, pure JavaScript). */
export async function extractPdfPages(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const document = await getDocument({
    data: pdf.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const parts: string[] = [];
      for (const item of content.items) {
        if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : ' ');
      }
      pages.push(parts.join('').replace(/[ \t]+/g, ' '));
    }
    return pages;
  } finally {
    await document.destroy();
  }
}
