/** Why an endpoint is off when an admin turned it off (Evident's own reason says how often it failed). */
export const TURNED_OFF_BY_ADMIN = "Turned off by an admin.";
