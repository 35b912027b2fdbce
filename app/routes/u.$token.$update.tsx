// Another update sent to the same person, read through their personal link.
export { default, headers, loader, meta } from "./u.$token._index";
