/** A known company as the matcher screens names against it: its names, country, parent and allegations. */
export interface MatchableCompany {
  id: string;
  name: string;
  /** Aliases and previous names. */
  otherNames: string[];
  country: string | null;
  parentId: string | null;
  /** Records with one of the statuses asked for that name the company. */
  allegations: number;
}
