/** A stored enum value as the outside world writes it: lower case ("LANDING_PAGE" is "landing_page"), in the API and in webhooks. */
export const toApiEnum = <T extends string>(value: T) => value.toLowerCase() as Lowercase<T>;
