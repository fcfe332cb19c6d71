// The English messages as a module of their own, for the browser (app/i18n/browser-messages.ts).
// English is also bundled with the code that falls back on it (app/domain/core/errors.ts).
import { ENGLISH } from '../english';

export default ENGLISH;
