/** The newsroom's preview of a social post (GET /api/v1/admin/social-post, docs/newsroom-api.md "Social posts"). */
import type { SocialPostBlock } from './model.js';

export interface SocialPostPreview {
  /**
   * The block to insert: platform, canonical URL and what the platform told (account name,
   * handle, time, text), captured now by the signed-in account. What is unknown is empty
   * (`accountName: ''`, `text: ''`) or null (`postedAt`), for the editor to fill in.
   */
  post: SocialPostBlock;
  /** Whether the platform was read; false: only the address filled the block (offline, timeout, a sign-in wall). */
  fetched: boolean;
}
