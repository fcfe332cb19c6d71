// The challenge page shows the same consent question as the idea page.
export { ConsentQuestion } from '../ideas.$id._index/consent-question';
