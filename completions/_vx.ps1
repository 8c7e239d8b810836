
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'vx' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'vx'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'vx' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Resolve secrets into the environment, then exec or supervise COMMAND')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Print one secret value to stdout, without a final newline')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Resolve every --env and --env-file value and report every problem; print no value')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print the resolved variables, quoted for a consumer to read back byte for byte')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with the --auth method and write the token to a sink file or stdout')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for SHELL to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vx;run' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Set NAME to a reference (PATH#KEY, `vault:` optional) or a template ({{ ... }})')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Set NAME to a reference (PATH#KEY, `vault:` optional) or a template ({{ ... }})')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read NAME=VALUE lines (dotenv syntax); values prefixed `vault:` are references, values with `{{` are templates, the rest stay literal')
            [CompletionResult]::new('--kill-signal', '--kill-signal', [CompletionResultType]::ParameterName, 'Signal vx sends the command''s process group when vx itself decides to stop it [env: VX_KILL_SIGNAL] [default: TERM]')
            [CompletionResult]::new('--kill-timeout', '--kill-timeout', [CompletionResultType]::ParameterName, 'How long a stopping command gets before its process group is sent SIGKILL [env: VX_KILL_TIMEOUT] [default: 30s]')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'How often --watch re-reads KV secrets (each time 85-95% of this); `?version=` references are never polled')
            [CompletionResult]::new('--on-change', '--on-change', [CompletionResultType]::ParameterName, 'What --watch does when the command''s environment changes: restart, exit (stop it and exit), ignore, or signal:NAME (send it a signal, e.g. signal:HUP)')
            [CompletionResult]::new('--restart-delay', '--restart-delay', [CompletionResultType]::ParameterName, 'Wait this long after a change before restarting, so that changes arriving together cause one restart')
            [CompletionResult]::new('--on-expiry', '--on-expiry', [CompletionResultType]::ParameterName, 'When a credential the command holds has expired and could not be replaced: restart (with fresh values once the server answers), exit, or keep')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('--pristine', '--pristine', [CompletionResultType]::ParameterName, 'Start the command with only the resolved variables, not vx''s environment')
            [CompletionResult]::new('--keep-token-env', '--keep-token-env', [CompletionResultType]::ParameterName, 'Let the command inherit the credentials vx used (BAO_TOKEN, VAULT_TOKEN, VX_ROLE_ID, VX_SECRET_ID, VX_PASSWORD, the --jwt-env variable), and let templates read them with env(); by default they are removed')
            [CompletionResult]::new('--supervise', '--supervise', [CompletionResultType]::ParameterName, 'Stay as the command''s parent: forward signals, reap, exit as it did (the default when vx is PID 1)')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Always replace vx with the command, even as PID 1')
            [CompletionResult]::new('--subreaper', '--subreaper', [CompletionResultType]::ParameterName, 'Adopt and reap orphaned descendants (PR_SET_CHILD_SUBREAPER); implies --supervise')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep the secrets fresh while the command runs: renew leases, re-read what cannot be renewed, poll KV, and act on changes (--on-change); implies --supervise')
            [CompletionResult]::new('--restart-on-exit', '--restart-on-exit', [CompletionResultType]::ParameterName, 'Start the command again when it exits by itself, after 0.5s doubling to 60s while it keeps failing; implies --supervise')
            [CompletionResult]::new('--revoke-on-exit', '--revoke-on-exit', [CompletionResultType]::ParameterName, 'Revoke the leases vx read when it exits (with --watch)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'vx;read' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'vx;check' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'NAME=VALUE as for `vx run`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'NAME=VALUE as for `vx run`')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'An env file as for `vx run`')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'vx;env' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'NAME=VALUE as for `vx run`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'NAME=VALUE as for `vx run`')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'An env file as for `vx run`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'vx;login' {
            [CompletionResult]::new('--sink', '--sink', [CompletionResultType]::ParameterName, 'Write the token to FILE, atomically')
            [CompletionResult]::new('--sink-mode', '--sink-mode', [CompletionResultType]::ParameterName, 'Permissions of the sink file, in octal')
            [CompletionResult]::new('--wrap-ttl', '--wrap-ttl', [CompletionResultType]::ParameterName, 'Write a response-wrapping token of this TTL instead of the token itself')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the token to stdout, for `$(vx login --print)`; refused when stdout is a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'vx;completions' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]')
            [CompletionResult]::new('--ca-path', '--ca-path', [CompletionResultType]::ParameterName, 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How vx logs in [env: VX_AUTH] [default: token]')
            [CompletionResult]::new('--auth-mount', '--auth-mount', [CompletionResultType]::ParameterName, 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the token, for --auth token [env: VX_TOKEN_FILE]')
            [CompletionResult]::new('--role-id-file', '--role-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]')
            [CompletionResult]::new('--secret-id-file', '--secret-id-file', [CompletionResultType]::ParameterName, 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]')
            [CompletionResult]::new('--jwt-file', '--jwt-file', [CompletionResultType]::ParameterName, 'File holding the JWT for --auth jwt [env: VX_JWT_FILE]')
            [CompletionResult]::new('--jwt-env', '--jwt-env', [CompletionResultType]::ParameterName, 'Environment variable holding the JWT for --auth jwt, such as a CI job''s identity token; the command does not inherit it [env: VX_JWT_ENV]')
            [CompletionResult]::new('--k8s-token-file', '--k8s-token-file', [CompletionResultType]::ParameterName, 'Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE] [default: /var/run/secrets/kubernetes.io/serviceaccount/token]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'User name for --auth userpass and ldap [env: VX_USERNAME]')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or the password itself in VX_PASSWORD; else asked on the terminal]')
            [CompletionResult]::new('--token-cache', '--token-cache', [CompletionResultType]::ParameterName, 'Keep the login''s token in FILE and reuse it while it is valid for at least --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]')
            [CompletionResult]::new('--token-min-ttl', '--token-min-ttl', [CompletionResultType]::ParameterName, 'A cached token with less time left is replaced by a new login [env: VX_TOKEN_MIN_TTL] [default: 1m]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]')
            [CompletionResult]::new('--secret-id-wrapped', '--secret-id-wrapped', [CompletionResultType]::ParameterName, 'The AppRole secret id is a response-wrapping token: unwrap it first [env: VX_SECRET_ID_WRAPPED]')
            [CompletionResult]::new('--remove-secret-id-file', '--remove-secret-id-file', [CompletionResultType]::ParameterName, 'Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'vx;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Resolve secrets into the environment, then exec or supervise COMMAND')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Print one secret value to stdout, without a final newline')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Resolve every --env and --env-file value and report every problem; print no value')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print the resolved variables, quoted for a consumer to read back byte for byte')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with the --auth method and write the token to a sink file or stdout')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for SHELL to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vx;help;run' {
            break
        }
        'vx;help;read' {
            break
        }
        'vx;help;check' {
            break
        }
        'vx;help;env' {
            break
        }
        'vx;help;login' {
            break
        }
        'vx;help;completions' {
            break
        }
        'vx;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
