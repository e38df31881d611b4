/** Placeholder while the screen is built. */
export default function PublishPage() {
  return <div class="decl-page" />;
}
