#!/usr/bin/env bash
# Debian packages the test suite drives for real: chromium (browser tests), postgresql (records tests),
# LibreOffice Writer and Calc (render drafted .docx to PDF; convert .doc/.wps/.xls uploads), a CJK font (readable browser screenshots).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 \
    || need+=(libreoffice-calc-nogui)  # .xls rule tables are converted to .xlsx
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || need+=(fonts-wqy-microhei)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "缺少系统软件包：${need[*]}；请以 root 运行 scripts/system-deps.sh 或手动安装" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
