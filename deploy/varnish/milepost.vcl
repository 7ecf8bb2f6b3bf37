# Varnish 7.1 (Debian's `varnish`) in front of Milepost's gunicorn.
#
# Caches what anonymous readers get with GET/HEAD for as long as Milepost's Cache-Control says;
# passes the admin, submitters' status pages, the web form, webhooks, search and anyone with an
# editor's session or a pending message. Milepost (wagtail.contrib.frontend_cache with
# MILEPOST_FRONTEND_CACHE=varnish) sends PURGE on every publish and content change; one PURGE
# drops every cached page of its host, because a story also shows on its callout page, the
# home page, the feed and the sitemap.

vcl 4.1;

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# Who may PURGE: the web and worker hosts. Add their addresses if they are not this machine.
acl purge {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Django serves "LOCALHOST", "localhost." and "localhost:80" as "localhost": so must the cache,
    # or a page kept under another spelling would outlive the PURGE (which bans one host).
    if (req.http.host) {
        set req.http.host = std.tolower(regsub(req.http.host, "\.*(:[0-9]+)?$", ""));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(405, "PURGE not allowed from this address"));
        }
        ban("obj.http.X-Milepost-Host == " + req.http.host);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|your-story|webhooks|readership|documents|search)(/|\?|$)"
        || req.url ~ "^[^?]*/submit/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Nothing else in a cookie changes a public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Lets a ban find the objects of one host without looking at requests ("ban lurker").
    set beresp.http.X-Milepost-Host = bereq.http.host;
    # A page that says when its words change ("Closing today" until a callout's deadline)
    # carries Expires: no grace, so no reader gets the old words while Varnish fetches anew.
    if (beresp.http.Expires) {
        set beresp.grace = 0s;
    }
}

sub vcl_deliver {
    unset resp.http.X-Milepost-Host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
