#!/usr/bin/env bash
# Sign Windows executables (Authenticode) with the office's code-signing certificate, on Linux, with osslsigncode.
#
#   GOV_REPORT_SIGN_PKCS12=/secure/place/cert.pfx GOV_REPORT_SIGN_PASSWORD_FILE=/secure/place/pass.txt \
#       bash packaging/windows/sign.sh FILE.exe...
#
# The certificate (.pfx/.p12 with its private key) and its password come from the office's IT and are never put
# in the repository; the password is read from a file so it does not appear in the process list or CI logs.
# GOV_REPORT_SIGN_TIMESTAMP_URL: an RFC 3161 time-stamping server (default DigiCert's), so the signature stays
# valid after the certificate expires; set it empty on a machine without internet access (the signature is
# then valid only while the certificate is). packaging/windows/wine-check.sh signs the frozen exe, the
# uninstaller and the installer when GOV_REPORT_SIGN_PKCS12 is set; see packaging/README.md.
set -euo pipefail
: "${GOV_REPORT_SIGN_PKCS12:?GOV_REPORT_SIGN_PKCS12 未设置（代码签名证书 .pfx 的路径）}"
: "${GOV_REPORT_SIGN_PASSWORD_FILE:?GOV_REPORT_SIGN_PASSWORD_FILE 未设置（证书密码文件的路径）}"
TIMESTAMP_URL="${GOV_REPORT_SIGN_TIMESTAMP_URL-http://timestamp.digicert.com}"
command -v osslsigncode >/dev/null || { echo "缺少 osslsigncode（apt-get install osslsigncode）" >&2; exit 1; }
[ $# -gt 0 ] || { echo "用法：sign.sh FILE.exe..." >&2; exit 2; }
for file in "$@"; do
    args=(sign -pkcs12 "$GOV_REPORT_SIGN_PKCS12" -readpass "$GOV_REPORT_SIGN_PASSWORD_FILE" -h sha256
        -n "政府信息公开年报助手" -in "$file" -out "$file.signed")
    [ -z "$TIMESTAMP_URL" ] || args+=(-ts "$TIMESTAMP_URL")
    osslsigncode "${args[@]}" >/dev/null || { rm -f "$file.signed"; echo "签名失败：$file" >&2; exit 1; }
    mv "$file.signed" "$file"
    echo "已签名：$file"
done
