import type { PreviewFetchConfig } from '../../services/social-preview/fetch.js';
import type { MediaStore } from '../../storage/media-store.js';
import type { PublicDeps } from '../deps.js';

/** What the newsroom's routes work with. */
export interface NewsroomDeps extends PublicDeps {
  media: MediaStore;
  /** The newsroom's notion of now: tests move it. */
  clock: () => Date;
  /** The largest upload accepted, in bytes (MAX_UPLOAD_MB). */
  maxUploadBytes: number;
  /** How a social post's public metadata is read (config.ts socialPreview). */
  socialPreview: PreviewFetchConfig;
}
