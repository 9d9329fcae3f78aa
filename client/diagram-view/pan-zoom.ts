/** Zoom with the wheel or the buttons, pan by dragging the background, fit to the window. */
export interface ViewBox { x: number; y: number; width: number; height: number }

/**
 * The smallest scale (screen pixels per unit of the picture) a picture opens at: below it, names
 * and ports cannot be read. A larger picture opens at this scale from its top left corner; Fit
 * (`0`) still shows it whole.
 */
const READABLE_SCALE = 0.75;

export class PanZoom {
    private box: ViewBox = { x: 0, y: 0, width: 1, height: 1 };
    private content = { width: 1, height: 1 };

    constructor(private readonly svg: SVGSVGElement) {
        svg.addEventListener('wheel', event => {
            event.preventDefault();
            const point = this.toDiagram(event.clientX, event.clientY);
            this.zoom(event.deltaY < 0 ? 1 / 1.15 : 1.15, point);
        }, { passive: false });
        let drag: { x: number; y: number; box: ViewBox } | undefined;
        svg.addEventListener('pointerdown', event => {
            // Only the background pans: elements take clicks.
            if ((event.target as Element).closest('.component, .edge, .container')) return;
            drag = { x: event.clientX, y: event.clientY, box: { ...this.box } };
            svg.setPointerCapture(event.pointerId);
            svg.classList.add('panning');
        });
        svg.addEventListener('pointermove', event => {
            if (!drag) return;
            const scale = this.box.width / Math.max(1, svg.clientWidth);
            this.set({ ...drag.box, x: drag.box.x - (event.clientX - drag.x) * scale, y: drag.box.y - (event.clientY - drag.y) * scale });
        });
        const end = () => { drag = undefined; svg.classList.remove('panning'); };
        svg.addEventListener('pointerup', end);
        svg.addEventListener('pointercancel', end);
    }

    /** A new picture: keeps the current view when the size of the picture did not change. */
    setContent(width: number, height: number): void {
        const same = width === this.content.width && height === this.content.height;
        this.content = { width, height };
        if (!same) this.fitReadable();
        else this.set(this.box);
    }

    /** The whole picture when it can be read that way, else its top left corner at a readable scale. */
    fitReadable(): void {
        this.fit();
        const width = Math.max(1, this.svg.clientWidth), height = Math.max(1, this.svg.clientHeight);
        if (width / this.box.width >= READABLE_SCALE) return;
        const margin = 20;
        this.set({ x: -margin, y: -margin, width: width / READABLE_SCALE, height: height / READABLE_SCALE });
    }

    fit(): void {
        const margin = 20;
        const w = this.content.width + 2 * margin, h = this.content.height + 2 * margin;
        const aspect = Math.max(1, this.svg.clientWidth) / Math.max(1, this.svg.clientHeight);
        const width = Math.max(w, h * aspect), height = width / aspect;
        this.set({ x: -margin - (width - w) / 2, y: -margin - (height - h) / 2, width, height });
    }

    zoom(factor: number, around?: { x: number; y: number }): void {
        const c = around ?? { x: this.box.x + this.box.width / 2, y: this.box.y + this.box.height / 2 };
        const width = Math.min(Math.max(this.box.width * factor, 50), Math.max(this.content.width, 400) * 20);
        const f = width / this.box.width;
        this.set({ x: c.x - (c.x - this.box.x) * f, y: c.y - (c.y - this.box.y) * f, width, height: this.box.height * f });
    }

    /** Brings a box of the diagram into the middle of the view without changing the zoom. */
    center(x: number, y: number): void {
        this.set({ ...this.box, x: x - this.box.width / 2, y: y - this.box.height / 2 });
    }

    private toDiagram(clientX: number, clientY: number): { x: number; y: number } {
        const rect = this.svg.getBoundingClientRect();
        return {
            x: this.box.x + ((clientX - rect.left) / Math.max(1, rect.width)) * this.box.width,
            y: this.box.y + ((clientY - rect.top) / Math.max(1, rect.height)) * this.box.height
        };
    }

    private set(box: ViewBox): void {
        this.box = box;
        this.svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
    }
}
