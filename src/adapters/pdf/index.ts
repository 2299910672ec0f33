/** PDF printing (and screenshots) of the HTML reports with Debian's headless Chromium. */
export { CHROMIUM_PATH, ChromiumMissingError, type BrowserOptions, type ScreenshotOptions, printPdf, screenshot } from './print.js';
export { stampPdfDates } from './pdf-dates.js';
