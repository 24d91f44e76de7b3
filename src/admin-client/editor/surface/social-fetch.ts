/**
 * A social post's address pasted on an empty line becomes a social block; the newsroom API
 * (GET /api/v1/admin/social-post?url=) fills in what the platform shows publicly, and the writer
 * the rest. Where the API cannot read the post (or this server has no such route yet), the block
 * simply stays for the writer to fill in.
 */
import type { EditorView } from 'prosemirror-view';
import type { SocialPostBlock } from '../../../contract/model.js';
import { api, ApiError, query } from '../api.js';
import { t } from '../strings.js';
import { focusField, insertBlock } from './block-menu.js';
import { schema } from './schema.js';
import { newSocialPost, socialPlatformOf } from './social-url.js';

type Fetched = Pick<SocialPostBlock, 'platform' | 'url' | 'accountName' | 'handle' | 'postedAt' | 'text'>;

export class SocialPosts {
  constructor(
    private readonly account: { id: number; name: string },
    private readonly announce: (m: string) => void,
  ) {}

  /** An empty post block after the caret; its address is asked for in it. */
  insertEmpty(view: EditorView) {
    const at = insertBlock(view.state, view.dispatch, schema.nodes.social!.create({ post: { ...newSocialPost('https://', 'telegram', this.account), url: '' } }));
    focusField(view, at, 'url');
  }

  /** Pasted text that is a post's address, on an empty line: a post block. True when it was one. */
  paste(view: EditorView, text: string): boolean {
    const platform = socialPlatformOf(text);
    const { $from, empty } = view.state.selection;
    if (!platform || !empty || $from.parent.type !== schema.nodes.paragraph || $from.parent.content.size > 0) return false;
    const post = newSocialPost(text, platform, this.account);
    insertBlock(view.state, view.dispatch, schema.nodes.social!.create({ post }));
    this.announce(t('surface.socialCreated'));
    void this.fill(view, post.url);
    return true;
  }

  private async fill(view: EditorView, url: string) {
    let fetched: Fetched;
    try {
      fetched = (await api<{ post: Fetched }>('GET', `/api/v1/admin/social-post${query({ url })}`)).post;
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      this.announce(code === 'SOCIAL_URL_UNSUPPORTED' ? t('surface.socialUnsupported') : t('surface.socialFillIn'));
      return;
    }
    // The block may have moved meanwhile (typing above it): found by its address.
    view.state.doc.forEach((node, pos) => {
      const post = node.attrs.post as SocialPostBlock | undefined;
      if (node.type !== schema.nodes.social || post?.url !== url) return;
      const filled: SocialPostBlock = { ...post };
      for (const k of ['accountName', 'handle', 'text'] as const) if (!filled[k] && fetched[k]) filled[k] = fetched[k];
      if (!filled.postedAt && fetched.postedAt) filled.postedAt = fetched.postedAt;
      view.dispatch(view.state.tr.setNodeMarkup(pos, null, { post: filled }).setMeta('addToHistory', false));
    });
    this.announce(t('surface.socialFilled'));
  }
}
