// Types for the untyped third-party client used by the independent check.
declare module 'netsuite-rest' {
  interface NetsuiteRestOptions {
    consumer_key: string;
    consumer_secret_key: string;
    token: string;
    token_secret: string;
    realm: string;
    base_url?: string;
  }
  interface NetsuiteResponse {
    statusCode: number;
    rawHeaders: string[];
    // biome-ignore lint/suspicious/noExplicitAny: the package returns parsed JSON of any shape.
    data: any;
  }
  export default class NetsuiteRest {
    constructor(options: NetsuiteRestOptions);
    request(options: {
      path?: string;
      method?: string;
      body?: string;
      heads?: Record<string, string>;
    }): Promise<NetsuiteResponse>;
  }
}
