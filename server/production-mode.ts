/**
 * Imported first by the server entry: unless told otherwise, Evident runs in production mode.
 * React and Remix pick their production builds from NODE_ENV when they are first loaded, so it
 * must be set before any of them is imported; `npm start` does not set it. The development
 * build of React renders pages two to three times slower.
 */
process.env.NODE_ENV ??= "production";
