# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_vx_global_optspecs
    string join \n v/verbose address= namespace= ca-cert= ca-path= client-cert= client-key= tls-skip-verify tls-server-name= request-timeout= deadline= max-retries= auth= auth-mount= token-file= role-id-file= secret-id-file= secret-id-wrapped remove-secret-id-file role= jwt-file= jwt-env= k8s-token-file= username= password-file= token-cache= token-min-ttl= h/help V/version
end

function __fish_vx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_vx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_vx_using_subcommand
    set -l cmd (__fish_vx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c vx -n "__fish_vx_needs_command" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_needs_command" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_needs_command" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_needs_command" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_needs_command" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_needs_command" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_needs_command" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_needs_command" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_needs_command" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_needs_command" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_needs_command" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_needs_command" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_needs_command" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_needs_command" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_needs_command" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_needs_command" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_needs_command" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_needs_command" -s V -l version -d 'Print version'
complete -c vx -n "__fish_vx_needs_command" -f -a "run" -d 'Resolve secrets into the environment, then exec or supervise COMMAND'
complete -c vx -n "__fish_vx_needs_command" -f -a "read" -d 'Print one secret value to stdout, without a final newline'
complete -c vx -n "__fish_vx_needs_command" -f -a "check" -d 'Resolve every --env and --env-file value and report every problem; print no value'
complete -c vx -n "__fish_vx_needs_command" -f -a "env" -d 'Print the resolved variables, quoted for a consumer to read back byte for byte'
complete -c vx -n "__fish_vx_needs_command" -f -a "login" -d 'Log in with the --auth method and write the token to a sink file or stdout'
complete -c vx -n "__fish_vx_needs_command" -f -a "completions" -d 'Print a completion script for SHELL to stdout'
complete -c vx -n "__fish_vx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vx -n "__fish_vx_using_subcommand run" -s e -l env -d 'Set NAME to a reference (PATH#KEY, `vault:` optional) or a template ({{ ... }})' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l env-file -d 'Read NAME=VALUE lines (dotenv syntax); values prefixed `vault:` are references, values with `{{` are templates, the rest stay literal' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l kill-signal -d 'Signal vx sends the command\'s process group when vx itself decides to stop it [env: VX_KILL_SIGNAL] [default: TERM]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l kill-timeout -d 'How long a stopping command gets before its process group is sent SIGKILL [env: VX_KILL_TIMEOUT] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l poll-interval -d 'How often --watch re-reads KV secrets (each time 85-95% of this); `?version=` references are never polled' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l on-change -d 'What --watch does when the command\'s environment changes: restart, exit (stop it and exit), ignore, or signal:NAME (send it a signal, e.g. signal:HUP)' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l restart-delay -d 'Wait this long after a change before restarting, so that changes arriving together cause one restart' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l on-expiry -d 'When a credential the command holds has expired and could not be replaced: restart (with fresh values once the server answers), exit, or keep' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_using_subcommand run" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand run" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_using_subcommand run" -l pristine -d 'Start the command with only the resolved variables, not vx\'s environment'
complete -c vx -n "__fish_vx_using_subcommand run" -l keep-token-env -d 'Let the command inherit the credentials vx used (BAO_TOKEN, VAULT_TOKEN, VX_ROLE_ID, VX_SECRET_ID, VX_PASSWORD, the --jwt-env variable), and let templates read them with env(); by default they are removed'
complete -c vx -n "__fish_vx_using_subcommand run" -l supervise -d 'Stay as the command\'s parent: forward signals, reap, exit as it did (the default when vx is PID 1)'
complete -c vx -n "__fish_vx_using_subcommand run" -l exec -d 'Always replace vx with the command, even as PID 1'
complete -c vx -n "__fish_vx_using_subcommand run" -l subreaper -d 'Adopt and reap orphaned descendants (PR_SET_CHILD_SUBREAPER); implies --supervise'
complete -c vx -n "__fish_vx_using_subcommand run" -l watch -d 'Keep the secrets fresh while the command runs: renew leases, re-read what cannot be renewed, poll KV, and act on changes (--on-change); implies --supervise'
complete -c vx -n "__fish_vx_using_subcommand run" -l restart-on-exit -d 'Start the command again when it exits by itself, after 0.5s doubling to 60s while it keeps failing; implies --supervise'
complete -c vx -n "__fish_vx_using_subcommand run" -l revoke-on-exit -d 'Revoke the leases vx read when it exits (with --watch)'
complete -c vx -n "__fish_vx_using_subcommand run" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_using_subcommand run" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_using_subcommand run" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_using_subcommand run" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_using_subcommand read" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_using_subcommand read" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand read" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_using_subcommand read" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_using_subcommand read" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_using_subcommand read" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_using_subcommand read" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_using_subcommand read" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_using_subcommand check" -s e -l env -d 'NAME=VALUE as for `vx run`' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l env-file -d 'An env file as for `vx run`' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_using_subcommand check" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand check" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_using_subcommand check" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_using_subcommand check" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_using_subcommand check" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_using_subcommand check" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_using_subcommand env" -s e -l env -d 'NAME=VALUE as for `vx run`' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l env-file -d 'An env file as for `vx run`' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l format -d 'Output format' -r -f -a "dotenv\t'NAME="value" lines, as `--env-file` reads them'
shell\t'export NAME=\'value\' lines, for `eval` or `.`'
json\t'one JSON object'
github\t'NAME<<DELIMITER blocks, for `>> "$GITHUB_ENV"`'"
complete -c vx -n "__fish_vx_using_subcommand env" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_using_subcommand env" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand env" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_using_subcommand env" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_using_subcommand env" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_using_subcommand env" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_using_subcommand env" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_using_subcommand login" -l sink -d 'Write the token to FILE, atomically' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l sink-mode -d 'Permissions of the sink file, in octal' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l wrap-ttl -d 'Write a response-wrapping token of this TTL instead of the token itself' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_using_subcommand login" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand login" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_using_subcommand login" -l print -d 'Print the token to stdout, for `$(vx login --print)`; refused when stdout is a terminal'
complete -c vx -n "__fish_vx_using_subcommand login" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_using_subcommand login" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_using_subcommand login" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_using_subcommand login" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_using_subcommand completions" -l address -d 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l namespace -d 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l ca-cert -d 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l ca-path -d 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l client-cert -d 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l client-key -d 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l tls-server-name -d 'Name to verify the server\'s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l request-timeout -d 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l deadline -d 'Time limit for all of vx\'s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l max-retries -d 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l auth -d 'How vx logs in [env: VX_AUTH] [default: token]' -r -f -a "token\t'A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token'
approle\t'AppRole login with a role id and a secret id'
jwt\t'JWT/OIDC login with --role and a token from --jwt-file or --jwt-env'
kubernetes\t'Kubernetes login with --role and the service account token'
cert\t'TLS client certificate login (--client-cert, --client-key), --role optional'
userpass\t'Username and password login'
ldap\t'LDAP username and password login'"
complete -c vx -n "__fish_vx_using_subcommand completions" -l auth-mount -d 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method\'s name]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l token-file -d 'File holding the token, for --auth token [env: VX_TOKEN_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l role-id-file -d 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l secret-id-file -d 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l role -d 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l jwt-file -d 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l jwt-env -d 'Environment variable holding the JWT for --auth jwt, such as a CI job\'s identity token; the command does not inherit it [env: VX_JWT_ENV]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l k8s-token-file -d 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l username -d 'User name for --auth userpass and ldap [env: VX_USERNAME]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -l password-file -d 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l token-cache -d 'Keep the login\'s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]' -r -F
complete -c vx -n "__fish_vx_using_subcommand completions" -l token-min-ttl -d 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]' -r
complete -c vx -n "__fish_vx_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
complete -c vx -n "__fish_vx_using_subcommand completions" -l tls-skip-verify -d 'Do not verify the server\'s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
complete -c vx -n "__fish_vx_using_subcommand completions" -l secret-id-wrapped -d 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]'
complete -c vx -n "__fish_vx_using_subcommand completions" -l remove-secret-id-file -d 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]'
complete -c vx -n "__fish_vx_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "run" -d 'Resolve secrets into the environment, then exec or supervise COMMAND'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "read" -d 'Print one secret value to stdout, without a final newline'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "check" -d 'Resolve every --env and --env-file value and report every problem; print no value'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "env" -d 'Print the resolved variables, quoted for a consumer to read back byte for byte'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "login" -d 'Log in with the --auth method and write the token to a sink file or stdout'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "completions" -d 'Print a completion script for SHELL to stdout'
complete -c vx -n "__fish_vx_using_subcommand help; and not __fish_seen_subcommand_from run read check env login completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
