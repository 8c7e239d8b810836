
use builtin;
use str;

set edit:completion:arg-completer[vx] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'vx'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'vx'= {
            cand --address 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]'
            cand --namespace 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]'
            cand --ca-cert 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]'
            cand --ca-path 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]'
            cand --client-cert 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]'
            cand --client-key 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]'
            cand --tls-server-name 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]'
            cand --request-timeout 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]'
            cand --deadline 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]'
            cand --max-retries 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]'
            cand --auth 'How vx logs in [env: VX_AUTH] [default: token]'
            cand --auth-mount 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]'
            cand --token-file 'File holding the token, for --auth token [env: VX_TOKEN_FILE]'
            cand --role-id-file 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]'
            cand --secret-id-file 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --tls-skip-verify 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand run 'Resolve secrets into the environment, then exec COMMAND'
            cand read 'Print one secret value to stdout, without a final newline'
            cand completions 'Print a completion script for SHELL to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vx;run'= {
            cand -e 'Set NAME to a reference (PATH#KEY, `vault:` optional) or a template ({{ ... }})'
            cand --env 'Set NAME to a reference (PATH#KEY, `vault:` optional) or a template ({{ ... }})'
            cand --env-file 'Read NAME=VALUE lines (dotenv syntax); values prefixed `vault:` are references, values with `{{` are templates, the rest stay literal'
            cand --kill-signal 'Signal vx sends the command''s process group when vx itself decides to stop it [env: VX_KILL_SIGNAL] [default: TERM]'
            cand --kill-timeout 'How long a stopping command gets before its process group is sent SIGKILL [env: VX_KILL_TIMEOUT] [default: 30s]'
            cand --poll-interval 'How often --watch re-reads KV secrets (each time 85-95% of this); `?version=` references are never polled'
            cand --on-change 'What --watch does when the command''s environment changes: restart, exit (stop it and exit), ignore, or signal:NAME (send it a signal, e.g. signal:HUP)'
            cand --restart-delay 'Wait this long after a change before restarting, so that changes arriving together cause one restart'
            cand --on-expiry 'When a credential the command holds has expired and could not be replaced: restart (with fresh values once the server answers), exit, or keep'
            cand --address 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]'
            cand --namespace 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]'
            cand --ca-cert 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]'
            cand --ca-path 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]'
            cand --client-cert 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]'
            cand --client-key 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]'
            cand --tls-server-name 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]'
            cand --request-timeout 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]'
            cand --deadline 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]'
            cand --max-retries 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]'
            cand --auth 'How vx logs in [env: VX_AUTH] [default: token]'
            cand --auth-mount 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]'
            cand --token-file 'File holding the token, for --auth token [env: VX_TOKEN_FILE]'
            cand --role-id-file 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]'
            cand --secret-id-file 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]'
            cand --pristine 'Start the command with only the resolved variables, not vx''s environment'
            cand --keep-token-env 'Let the command inherit the credentials vx used (BAO_TOKEN, VAULT_TOKEN, VX_ROLE_ID, VX_SECRET_ID); they are removed by default'
            cand --supervise 'Stay as the command''s parent: forward signals, reap, exit as it did (the default when vx is PID 1)'
            cand --exec 'Always replace vx with the command, even as PID 1'
            cand --subreaper 'Adopt and reap orphaned descendants (PR_SET_CHILD_SUBREAPER); implies --supervise'
            cand --watch 'Keep the secrets fresh while the command runs: renew leases, re-read what cannot be renewed, poll KV, and act on changes (--on-change); implies --supervise'
            cand --restart-on-exit 'Start the command again when it exits by itself, after 0.5s doubling to 60s while it keeps failing; implies --supervise'
            cand --revoke-on-exit 'Revoke the leases vx read when it exits (with --watch)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --tls-skip-verify 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'vx;read'= {
            cand --address 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]'
            cand --namespace 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]'
            cand --ca-cert 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]'
            cand --ca-path 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]'
            cand --client-cert 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]'
            cand --client-key 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]'
            cand --tls-server-name 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]'
            cand --request-timeout 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]'
            cand --deadline 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]'
            cand --max-retries 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]'
            cand --auth 'How vx logs in [env: VX_AUTH] [default: token]'
            cand --auth-mount 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]'
            cand --token-file 'File holding the token, for --auth token [env: VX_TOKEN_FILE]'
            cand --role-id-file 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]'
            cand --secret-id-file 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --tls-skip-verify 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'vx;completions'= {
            cand --address 'Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]'
            cand --namespace 'Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]'
            cand --ca-cert 'PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]'
            cand --ca-path 'Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]'
            cand --client-cert 'PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]'
            cand --client-key 'PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]'
            cand --tls-server-name 'Name to verify the server''s certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]'
            cand --request-timeout 'Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]'
            cand --deadline 'Time limit for all of vx''s work before the command starts, retries included [env: VX_DEADLINE] [default: 30s]'
            cand --max-retries 'Retries of a request that failed in transport or with 5xx/429 [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]'
            cand --auth 'How vx logs in [env: VX_AUTH] [default: token]'
            cand --auth-mount 'Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method''s name]'
            cand --token-file 'File holding the token, for --auth token [env: VX_TOKEN_FILE]'
            cand --role-id-file 'File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]'
            cand --secret-id-file 'File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); never secret values'
            cand --tls-skip-verify 'Do not verify the server''s certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'vx;help'= {
            cand run 'Resolve secrets into the environment, then exec COMMAND'
            cand read 'Print one secret value to stdout, without a final newline'
            cand completions 'Print a completion script for SHELL to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vx;help;run'= {
        }
        &'vx;help;read'= {
        }
        &'vx;help;completions'= {
        }
        &'vx;help;help'= {
        }
    ]
    $completions[$command]
}
