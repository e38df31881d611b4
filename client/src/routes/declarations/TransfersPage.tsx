/** Placeholder while the screen is built. */
export default function TransfersPage() {
  return <div class="decl-page" />;
}
