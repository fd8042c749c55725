// The nginx rules that serve a mirror with the API's paths: include the file the mirror writes
// (.gongkai-mirror/nginx.conf) inside a server block whose root is the mirror directory.
export function nginxSnippet(): string {
  return `# Serve a Gongkai mirror written by \`gongkai mirror\`: the same paths as the API, read-only.
# Use inside a server block:   root /path/to/mirror;   include /path/to/mirror/.gongkai-mirror/nginx.conf;
types {
    application/json      json;
    text/csv              csv;
    application/ld+json   jsonld;
}
default_type application/octet-stream;
charset utf-8;
charset_types application/json text/csv application/csvm+json;
add_header Access-Control-Allow-Origin "*" always;
add_header X-Content-Type-Options "nosniff" always;
# A mirror never writes a symbolic link: one planted in the tree is not followed (gongkai verify names it).
disable_symlinks on;

# The mirror's own state is not published.
location ^~ /.gongkai-mirror/ { return 404; }

# A withdrawn version keeps only its document and a tombstone; its files answer 410 as the API's do.
location ~ "^/v1/datasets/[^/]+/\\d{4}/versions/\\d+/WITHDRAWN\\.json$" { try_files $uri =404; }
location ~ "^(?<gongkai_version>/v1/datasets/[^/]+/\\d{4}/versions/\\d+)/csv-metadata\\.json$" {
    types { } default_type application/csvm+json;
    if (-f $document_root$gongkai_version/WITHDRAWN.json) { return 410; }
    try_files $uri =404;
}
location ~ "^(?<gongkai_version>/v1/datasets/[^/]+/\\d{4}/versions/\\d+)/." {
    if (-f $document_root$gongkai_version/WITHDRAWN.json) { return 410; }
    try_files $uri $uri/index.json =404;
}

# A document at a path that is also a directory is its index.json (/v1/datasets/{d}/{y} → …/index.json).
location / { try_files $uri $uri/index.json =404; }
`;
}
