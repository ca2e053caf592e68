// The types of vendor-subset.mjs, for a connector script checked by TypeScript.
export interface VendorSubsetOptions {
  /** Where the objects come from: repository, file, commit, license. */
  source: string;
  /** The dotted path of the objects in the upstream file (`resources`, `components.schemas`). */
  under: string;
  objects: string[];
  /** The subset's path, or a file URL. */
  output: string | URL;
}

/** Writes the named objects of the upstream file (default: the first command-line argument) to `output`. */
export declare function vendorSubset(options: VendorSubsetOptions, upstream?: string): void;
