"""A tiny window holding a file you can drag, like a file manager's icon (for README screenshots).

    python scripts/drag-source.py FILE [X Y]

Pressing the mouse on it starts a real drag of FILE (text/uri-list), so a drop onto Galley goes
through the same X11 drag-and-drop path as a drop from a file manager.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDrag, QMouseEvent, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget


class Source(QWidget):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.setWindowTitle("Files")
        self.setStyleSheet("background: #f6f3ee; color: #222;")
        layout = QVBoxLayout(self)
        self.thumb = QPixmap(str(path)).scaled(
            120, 80, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        picture = QLabel()
        picture.setPixmap(self.thumb)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name = QLabel(path.name)
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)
        layout.addWidget(name)
        self.resize(180, 140)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(self.path))])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.thumb)
        drag.exec(Qt.DropAction.CopyAction)


def main() -> None:
    app = QApplication(sys.argv[:1])
    source = Source(Path(sys.argv[1]).resolve())
    if len(sys.argv) >= 4:
        source.move(int(sys.argv[2]), int(sys.argv[3]))
    source.show()
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
