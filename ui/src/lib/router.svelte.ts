// The hash router: `#/devices` shows the screen registered as `devices` (screens/registry.ts).
// The hash keeps the place across a reload of the page.

function current(): string {
  return decodeURIComponent(location.hash.replace(/^#\/?/, "")).split("?")[0] ?? "";
}

class Router {
  path = $state(current());

  constructor() {
    addEventListener("hashchange", () => (this.path = current()));
  }

  go(path: string) {
    if (this.path === path) return;
    location.hash = `#/${path}`;
    this.path = path;
  }
}

export const router = new Router();
